using Responses.Tests.Support;
using Snapshooter.Xunit;

namespace Responses.Tests.Snapshots;

/// <summary>
/// The exact bytes of agent responses: forced and parallel tool calls, a streamed call and a json_schema reply, all
/// produced by the embedded model under constrained decoding (greedy, so the same on every run). Recording works as
/// in <see cref="WireSnapshotTests"/>.
/// </summary>
public sealed class AgentSnapshotTests
{
    private const string Weather =
        """{"type":"function","name":"get_weather","description":"Current weather for a city.","strict":true,"parameters":{"type":"object","properties":{"city":{"type":"string","enum":["Paris","London","Tokyo"]},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city","unit"],"additionalProperties":false}}""";

    private const string Time =
        """{"type":"function","name":"get_time","description":"Current time in a time zone.","strict":true,"parameters":{"type":"object","properties":{"offset_hours":{"type":"integer"}},"required":["offset_hours"],"additionalProperties":false}}""";

    static AgentSnapshotTests()
    {
        if (Environment.GetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE") is null)
        {
            Environment.SetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE", "on");
        }
    }

    [Fact]
    public async Task Forced_function_call_body()
    {
        var name = Snapshot.FullName();
        var body = await ExactBody.PostResponseAsync(Request(Weather, """{"type":"function","name":"get_weather"}"""));

        Assert.Equal(200, body.Status);
        Snapshot.Match(body, name);
    }

    [Fact]
    public async Task Streamed_function_call_body()
    {
        var name = Snapshot.FullName();
        var body = await ExactBody.PostResponseAsync(Request(Weather, "\"required\"", ""","parallel_tool_calls":false,"stream":true"""), asLines: true);

        Assert.Equal(200, body.Status);
        Snapshot.Match(body, name);
    }

    [Fact]
    public async Task Parallel_function_calls_body()
    {
        var name = Snapshot.FullName();
        var body = await ExactBody.PostResponseAsync(Request(Time, "\"required\"", ""","max_tool_calls":2"""));

        Assert.Equal(200, body.Status);
        Snapshot.Match(body, name);
    }

    [Fact]
    public async Task Json_schema_body()
    {
        var name = Snapshot.FullName();
        var body = await ExactBody.PostResponseAsync(
            """{"model":"responses-tiny-llama","input":"Is it sunny?","temperature":0,"max_output_tokens":64,"text":{"format":{"type":"json_schema","name":"verdict","strict":true,"schema":{"type":"object","properties":{"answer":{"type":"string","enum":["yes","no"]},"confidence":{"type":"integer"}},"required":["answer","confidence"],"additionalProperties":false}}}}""");

        Assert.Equal(200, body.Status);
        Snapshot.Match(body, name);
    }

    private static string Request(string tools, string toolChoice, string extra = "") =>
        $$"""{"model":"responses-tiny-llama","input":"What is the weather?","tools":[{{tools}}],"tool_choice":{{toolChoice}},"temperature":0,"max_output_tokens":64{{extra}}}""";
}
