using System.Text.Json.Nodes;
using Responses.Tests.Integration.Agents;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Compaction;

/// <summary>Inline compaction: a final compaction_trigger item answers with exactly one compaction item and no answer.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class CompactionTriggerTests(DefaultServer server)
{
    private static JsonArray Conversation(string marker) =>
    [
        Compaction.User($"{marker}-QUESTION: name three colours."),
        new JsonObject { ["type"] = "message", ["role"] = "assistant", ["content"] = $"{marker}-ANSWER: red, green, blue." },
        new JsonObject { ["type"] = "compaction_trigger" },
    ];

    [Fact]
    public async Task Without_stream_the_output_is_exactly_one_compaction_item_and_the_response_completed()
    {
        var response = await server.Client.CreateAsync(Compaction.Body(Conversation("PLAIN"), maxOutputTokens: 24));

        Assert.Equal("completed", (string?)response["status"]);
        var item = Assert.Single(response["output"]!.AsArray());
        Compaction.SummaryOf(item!);
        Assert.InRange((int)response["usage"]!["output_tokens"]!, 1, 24);
        Assert.True((int)response["usage"]!["input_tokens"]! > 0);
    }

    [Fact]
    public async Task Streamed_the_compaction_item_is_added_and_done_whole_then_completed()
    {
        var frames = await AgentRequests.StreamAsync(server.Client, Compaction.Body(Conversation("STREAM"), ""","stream":true"""));

        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added", "response.output_item.done", "response.completed"],
            frames.Select(f => f.Event));
        Assert.Equal(Enumerable.Range(0, frames.Count), frames.Select(f => (int)f.Json["sequence_number"]!));
        Assert.All(frames, f => Assert.Equal(f.Event, (string?)f.Json["type"]));
        var added = frames[2].Json["item"]!;
        var done = frames[3].Json["item"]!;
        Assert.Equal(0, (int)frames[2].Json["output_index"]!);
        Assert.Equal(0, (int)frames[3].Json["output_index"]!);
        Compaction.SummaryOf(done);
        Assert.True(JsonNode.DeepEquals(added, done));
        var completed = frames[4].Json["response"]!;
        Assert.Equal("completed", (string?)completed["status"]);
        Assert.True(JsonNode.DeepEquals(done, Assert.Single(completed["output"]!.AsArray())));
    }

    [Fact]
    public async Task A_continuation_of_the_compacting_response_reads_the_summary_instead_of_what_it_replaced()
    {
        var compacting = await server.Client.CreateAsync(Compaction.Body(Conversation("CHAINED")));
        var id = (string)compacting["id"]!;
        var summary = Compaction.SummaryOf(compacting["output"]![0]!);

        var items = await Stored.Stored.AllInputItemsAsync(server.Client, id);
        Assert.DoesNotContain(items, item => (string?)item["type"] == "compaction_trigger");

        var prompt = await Stored.Stored.PromptAsync(server.Factory, Stored.Stored.Body("AFTER-COMPACTION", Stored.Stored.After(id)));
        Assert.Contains("Summary of the earlier conversation:\n\n" + summary, prompt, StringComparison.Ordinal);
        Assert.Contains("AFTER-COMPACTION", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("CHAINED-QUESTION", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("CHAINED-ANSWER", prompt, StringComparison.Ordinal);

        var next = await server.Client.CreateAsync(Stored.Stored.Body("AFTER-COMPACTION", Stored.Stored.After(id)));
        Assert.True((int)next["usage"]!["input_tokens"]! < (int)compacting["usage"]!["input_tokens"]! + summary.Length);
    }

    [Fact]
    public async Task A_trigger_that_is_not_the_last_input_item_is_a_400_naming_it()
    {
        var input = Conversation("MISPLACED");
        input.Add(Compaction.User("more"));

        using var response = await server.Client.PostResponseAsync(Compaction.Body(input));

        await Api.AssertErrorAsync(response, System.Net.HttpStatusCode.BadRequest, "invalid_value", "input[2]");
    }

    [OpenAISchemaFact]
    public async Task Every_event_and_the_response_validate_against_OpenAIs_schemas()
    {
        var frames = await AgentRequests.StreamAsync(server.Client, Compaction.Body(Conversation("SCHEMA"), ""","stream":true"""));

        foreach (var frame in frames)
        {
            OpenAISchemas.AssertValid("ResponseStreamEvent", frame.Json);
        }

        OpenAISchemas.AssertValid("Response", frames[^1].Json["response"]);
    }
}
