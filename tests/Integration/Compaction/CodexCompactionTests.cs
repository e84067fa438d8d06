using System.Text.Json.Nodes;
using Responses.Tests.Integration.Agents;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Compaction;

/// <summary>
/// What Codex sends to compact a recorded session (tests/TestData/codex): the history with reasoning, a call and its
/// output, plus the turn's tools and settings, to /v1/responses/compact (remote compaction) and as a final
/// compaction_trigger of a streamed store-false turn (remote compaction v2).
/// </summary>
[Collection(DefaultServerCollection.Name)]
public sealed class CodexCompactionTests(DefaultServer server)
{
    private static JsonObject Session()
    {
        var body = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "TestData", "codex", "followup-request.json")))!.AsObject();
        body["model"] = Api.Model;
        body["max_output_tokens"] = 32;
        return body;
    }

    [Fact]
    public async Task Remote_compaction_of_a_session_with_tool_calls_gives_a_window_the_next_turn_continues_from()
    {
        var session = Session();
        var compactBody = new JsonObject
        {
            ["model"] = Api.Model,
            ["input"] = session["input"]!.DeepClone(),
            ["instructions"] = "You are a coding agent.",
            ["tools"] = session["tools"]!.DeepClone(),
            ["parallel_tool_calls"] = false,
            ["reasoning"] = session["reasoning"]!.DeepClone(),
        };

        var compacted = await server.Client.CompactAsync(compactBody.ToJsonString());

        var window = compacted["output"]!.AsArray();
        Compaction.SummaryOf(window[0]!);
        Assert.Equal("user", (string?)window[^1]!["role"]);
        var next = Session();
        var input = Compaction.Copy(window);
        input.Add(Compaction.User("Go on."));
        next["input"] = input;
        var frames = await AgentRequests.StreamAsync(server.Client, next.ToJsonString());
        Assert.Contains(frames[^1].Event, new[] { "response.completed", "response.incomplete" });
    }

    [Fact]
    public async Task Remote_compaction_v2_answers_one_compaction_item_and_completed_on_a_store_false_stream()
    {
        var session = Session();
        session["input"]!.AsArray().Add(new JsonObject { ["type"] = "compaction_trigger" });

        var frames = await AgentRequests.StreamAsync(server.Client, session.ToJsonString());

        var done = Assert.Single(frames, f => f.Event == "response.output_item.done");
        Compaction.SummaryOf(done.Json["item"]!);
        Assert.Equal("response.completed", frames[^1].Event);
        Assert.Single(frames[^1].Json["response"]!["output"]!.AsArray());
        Assert.False((bool)frames[^1].Json["response"]!["store"]!);
    }
}
