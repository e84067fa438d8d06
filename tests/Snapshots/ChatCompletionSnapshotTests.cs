using Snapshooter.Xunit;

namespace Responses.Tests.Snapshots;

/// <summary>
/// The exact bytes of /v1/chat/completions: a plain completion, a streamed one (data chunks, [DONE]), a forced tool
/// call (enum arguments, so greedy decoding on random weights ends them) and a stream with include_usage. Recording
/// works as in <see cref="WireSnapshotTests"/>.
/// </summary>
public sealed class ChatCompletionSnapshotTests
{
    private const string Messages =
        """[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello."}]""";

    private const string Weather =
        """{"type":"function","function":{"name":"get_weather","description":"Current weather for a city.","strict":true,"parameters":{"type":"object","properties":{"city":{"type":"string","enum":["Paris","London","Tokyo"]},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city","unit"],"additionalProperties":false}}}""";

    static ChatCompletionSnapshotTests()
    {
        if (Environment.GetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE") is null)
        {
            Environment.SetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE", "on");
        }
    }

    [Fact]
    public async Task Plain_chat_completion_body()
    {
        var name = Snapshot.FullName();
        var body = await ExactBody.PostChatCompletionAsync(Request());

        Assert.Equal(200, body.Status);
        Snapshot.Match(body, name);
    }

    [Fact]
    public async Task Streamed_chat_completion_body()
    {
        var name = Snapshot.FullName();
        var body = await ExactBody.PostChatCompletionAsync(Request(""","stream":true"""), asLines: true);

        Assert.Equal(200, body.Status);
        Snapshot.Match(body, name);
    }

    [Fact]
    public async Task Streamed_chat_completion_with_usage_body()
    {
        var name = Snapshot.FullName();
        var body = await ExactBody.PostChatCompletionAsync(Request(""","stream":true,"stream_options":{"include_usage":true}"""), asLines: true);

        Assert.Equal(200, body.Status);
        Snapshot.Match(body, name);
    }

    [Fact]
    public async Task Forced_tool_call_chat_completion_body()
    {
        var name = Snapshot.FullName();
        var body = await ExactBody.PostChatCompletionAsync(
            $$$"""{"model":"responses-tiny-llama","messages":[{"role":"user","content":"What is the weather?"}],"tools":[{{{Weather}}}],"tool_choice":{"type":"function","function":{"name":"get_weather"}},"temperature":0,"max_completion_tokens":64}""");

        Assert.Equal(200, body.Status);
        Snapshot.Match(body, name);
    }

    [Fact]
    public async Task Streamed_forced_tool_call_chat_completion_body()
    {
        var name = Snapshot.FullName();
        var body = await ExactBody.PostChatCompletionAsync(
            $$$"""{"model":"responses-tiny-llama","messages":[{"role":"user","content":"What is the weather?"}],"tools":[{{{Weather}}}],"tool_choice":"required","parallel_tool_calls":false,"temperature":0,"max_completion_tokens":64,"stream":true}""",
            asLines: true);

        Assert.Equal(200, body.Status);
        Snapshot.Match(body, name);
    }

    private static string Request(string extra = "") =>
        $$"""{"model":"responses-tiny-llama","messages":{{Messages}},"max_tokens":8,"temperature":0{{extra}}}""";
}
