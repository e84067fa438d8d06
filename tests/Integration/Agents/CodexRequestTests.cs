using System.Text.Json.Nodes;
using Responses.Server.Runs.Compaction;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Agents;

/// <summary>
/// Real Codex CLI request bodies (tests/TestData/codex) are served, streaming, to the end: every item and tool type
/// they carry is accepted, including extension fields such as client_metadata.
/// </summary>
[Collection(DefaultServerCollection.Name)]
public sealed class CodexRequestTests(DefaultServer server)
{
    public static TheoryData<string> Bodies => new() { "turn1-request.json", "followup-request.json" };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_recorded_Codex_turn_streams_to_completion(string file)
    {
        var body = Load(file);

        var frames = await AgentRequests.StreamAsync(server.Client, body.ToJsonString());

        AssertEndsCleanly(frames);
    }

    [Fact]
    public async Task A_turn_with_custom_and_hosted_tools_and_replayed_items_streams_to_completion()
    {
        var body = Load("followup-request.json");
        var tools = body["tools"]!.AsArray();
        tools.Add(JsonNode.Parse("""{"type":"custom","name":"apply_patch","description":"Apply a patch.","format":{"type":"grammar","syntax":"lark","definition":"start: /.+/"}}"""));
        tools.Add(JsonNode.Parse("""{"type":"web_search","external_web_access":false}"""));
        tools.Add(JsonNode.Parse("""{"type":"image_generation","output_format":"png"}"""));
        tools.Add(JsonNode.Parse("""{"type":"local_shell"}"""));
        var input = body["input"]!.AsArray();
        input.Add(JsonNode.Parse("""{"type":"custom_tool_call","id":"ctc_1","call_id":"call_patch","name":"apply_patch","input":"*** Begin Patch\n*** End Patch","status":"completed"}"""));
        input.Add(JsonNode.Parse("""{"type":"custom_tool_call_output","call_id":"call_patch","output":"Done."}"""));
        input.Add(JsonNode.Parse("""{"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"search","query":"onnx"}}"""));
        input.Add(JsonNode.Parse("""{"type":"local_shell_call","id":"lsh_1","call_id":"call_sh","status":"completed","action":{"type":"exec","command":["ls"],"env":{}}}"""));
        input.Add(JsonNode.Parse("""{"type":"local_shell_call_output","id":"lsho_1","call_id":"call_sh","output":"README.md"}"""));
        input.Add(JsonNode.Parse($$"""{"type":"compaction","id":"cmp_1","encrypted_content":"{{CompactionContent.Encode("Earlier: the files were listed.")}}"}"""));
        input.Add(JsonNode.Parse("""{"type":"item_reference","id":"msg_unknown"}"""));
        input.Add(JsonNode.Parse("""{"type":"message","role":"assistant","phase":"commentary","content":[{"type":"output_text","text":"Checking.","annotations":[]}]}"""));
        input.Add(JsonNode.Parse("""{"type":"message","role":"user","content":[{"type":"input_text","text":"And now?"}]}"""));

        var frames = await AgentRequests.StreamAsync(server.Client, body.ToJsonString());

        AssertEndsCleanly(frames);
        var echoed = frames[^1].Json["response"]!["tools"]!.AsArray();
        Assert.Contains(echoed, t => (string?)t!["type"] == "web_search");
        Assert.Contains(echoed, t => (string?)t!["type"] == "custom");
    }

    private static JsonObject Load(string file)
    {
        var body = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "TestData", "codex", file)))!.AsObject();
        body["model"] = Api.Model;
        // The recorded sessions leave the length to the model; a bound keeps the test short on any weights.
        body["max_output_tokens"] = 48;
        return body;
    }

    private static void AssertEndsCleanly(IReadOnlyList<SseFrame> frames)
    {
        Assert.Equal("response.created", frames[0].Event);
        Assert.Contains(frames[^1].Event, new[] { "response.completed", "response.incomplete" });
        Assert.Equal(Enumerable.Range(0, frames.Count), frames.Select(f => (int)f.Json["sequence_number"]!));
        Assert.DoesNotContain(frames, f => f.Event == "response.failed");
    }
}
