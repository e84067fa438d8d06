using System.Net;
using System.Text.Json.Nodes;
using Responses.Tests.Integration.Agents;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Compaction;

/// <summary>
/// context_management [{type: compaction, compact_threshold}]: a conversation past the threshold is compacted before
/// the answer; the output begins with the compaction item, and the next turn, however it continues (the whole history
/// replayed, previous_response_id, a conversation), reads the summary instead of what it replaced.
/// </summary>
[Collection(DefaultServerCollection.Name)]
public sealed class ContextManagementTests(DefaultServer server)
{
    private const int Threshold = 1000;

    private const string Managed = ""","context_management":[{"type":"compaction","compact_threshold":1000}]""";

    /// <summary>A long earlier conversation, then the question: well past <see cref="Threshold"/> tokens.</summary>
    private static JsonArray LongConversation(string marker)
    {
        var input = new JsonArray();
        for (var i = 0; i < 8; i++)
        {
            input.Add(Compaction.User($"{marker}-OLD-{i}: " + string.Concat(Enumerable.Repeat($"the harbour lights of town {i} shine over the quiet water, ", 12))));
            input.Add(new JsonObject { ["type"] = "message", ["role"] = "assistant", ["content"] = $"Noted {i}: the harbour lights shine." });
        }

        input.Add(Compaction.User($"{marker}-QUESTION: what shines?"));
        return input;
    }

    private async Task<int> CountAsync(string body)
    {
        using var counted = await server.Client.PostAsync("/v1/responses/input_tokens", Api.Json(body));
        var text = await counted.Content.ReadAsStringAsync();
        Assert.True(counted.StatusCode == HttpStatusCode.OK, text);
        return (int)JsonNode.Parse(text)!["input_tokens"]!;
    }

    /// <summary>Creates the compacting turn: checks it passed the threshold and came back compaction first, then its answer.</summary>
    private async Task<(JsonObject Response, int Uncompacted)> CompactingTurnAsync(JsonArray input, string extra = "")
    {
        var uncompacted = await CountAsync(Compaction.Body(input, extra));
        Assert.True(uncompacted > Threshold, $"the test conversation is {uncompacted} tokens, not past {Threshold}");

        var response = await server.Client.CreateAsync(Compaction.Body(input, Managed + extra));

        // 16 output tokens: the answer may be cut (incomplete); the compaction item is whole either way.
        Assert.Contains((string?)response["status"], new[] { "completed", "incomplete" });
        var output = response["output"]!.AsArray();
        Assert.Equal(2, output.Count);
        Assert.False(string.IsNullOrWhiteSpace(Compaction.SummaryOf(output[0]!)));
        Assert.Equal("message", (string?)output[1]!["type"]);
        // The answer was written from the compacted window, not from the conversation it replaced.
        Assert.True((int)response["usage"]!["input_tokens"]! < uncompacted / 2, response["usage"]!.ToJsonString());
        return (response, uncompacted);
    }

    [Fact]
    public async Task A_stateless_client_replaying_its_whole_history_carries_the_short_window_on_the_next_turn()
    {
        var input = LongConversation("STATELESS");
        var (response, uncompacted) = await CompactingTurnAsync(input, ""","store":false""");

        // As a stateless client does: the whole input, the output, the next message.
        var next = Compaction.Copy(input);
        foreach (var item in Compaction.Copy(response["output"]!.AsArray()))
        {
            next.Add(item!.DeepClone());
        }

        next.Add(Compaction.User("STATELESS-NEXT: and then?"));
        var prompt = await Stored.Stored.PromptAsync(server.Factory, Compaction.Body(next, Managed));
        Assert.DoesNotContain("STATELESS-OLD-3", prompt, StringComparison.Ordinal);
        Assert.Contains("STATELESS-NEXT", prompt, StringComparison.Ordinal);

        var followUp = await server.Client.CreateAsync(Compaction.Body(next, Managed + ""","store":false"""));
        Assert.Equal("message", (string?)Assert.Single(followUp["output"]!.AsArray())!["type"]);
        Assert.True((int)followUp["usage"]!["input_tokens"]! < uncompacted / 2, followUp["usage"]!.ToJsonString());
    }

    [Fact]
    public async Task A_previous_response_id_chain_continues_from_the_summary()
    {
        var (response, uncompacted) = await CompactingTurnAsync(LongConversation("CHAIN"));

        var next = await server.Client.CreateAsync(Stored.Stored.Body("CHAIN-NEXT: and then?", Managed + Stored.Stored.After((string)response["id"]!)));

        Assert.Equal("message", (string?)Assert.Single(next["output"]!.AsArray())!["type"]);
        Assert.True((int)next["usage"]!["input_tokens"]! < uncompacted / 2, next["usage"]!.ToJsonString());
        var items = await Stored.Stored.AllInputItemsAsync(server.Client, (string)next["id"]!);
        Assert.Contains(items, item => (string?)item["type"] == "compaction");
    }

    [Fact]
    public async Task A_conversation_continues_from_the_summary()
    {
        using var created = await server.Client.PostAsync("/v1/conversations", Api.Json("{}"));
        var conversation = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
        var inConversation = $$""","conversation":"{{conversation}}" """;
        var (_, uncompacted) = await CompactingTurnAsync(LongConversation("CONVERSATION"), inConversation);

        var next = await server.Client.CreateAsync(Stored.Stored.Body("CONVERSATION-NEXT: and then?", Managed + inConversation));

        Assert.Equal("message", (string?)Assert.Single(next["output"]!.AsArray())!["type"]);
        Assert.True((int)next["usage"]!["input_tokens"]! < uncompacted / 2, next["usage"]!.ToJsonString());
    }

    [Fact]
    public async Task Below_the_threshold_nothing_is_compacted()
    {
        var response = await server.Client.CreateAsync(Stored.Stored.Body("A short question.", Managed));

        Assert.Equal("message", (string?)Assert.Single(response["output"]!.AsArray())!["type"]);
    }

    [OpenAISchemaFact]
    public async Task Streamed_the_compaction_item_comes_first_whole_then_the_answer_and_all_validate()
    {
        var frames = await AgentRequests.StreamAsync(server.Client, Compaction.Body(LongConversation("STREAM"), Managed + ""","stream":true"""));

        Assert.Equal(["response.created", "response.in_progress", "response.output_item.added", "response.output_item.done"], frames.Take(4).Select(f => f.Event));
        Assert.Equal(0, (int)frames[2].Json["output_index"]!);
        Assert.True(JsonNode.DeepEquals(frames[2].Json["item"], frames[3].Json["item"]));
        Compaction.SummaryOf(frames[3].Json["item"]!);
        Assert.Equal("response.output_item.added", frames[4].Event);
        Assert.Equal(1, (int)frames[4].Json["output_index"]!);
        Assert.Equal("message", (string?)frames[4].Json["item"]!["type"]);
        Assert.Contains(frames[^1].Event, new[] { "response.completed", "response.incomplete" });
        Assert.Equal(Enumerable.Range(0, frames.Count), frames.Select(f => (int)f.Json["sequence_number"]!));
        var completed = frames[^1].Json["response"]!;
        Assert.True(JsonNode.DeepEquals(frames[3].Json["item"], completed["output"]![0]));
        foreach (var frame in frames)
        {
            OpenAISchemas.AssertValid("ResponseStreamEvent", frame.Json);
        }

        OpenAISchemas.AssertValid("Response", completed);
    }

    [Theory]
    [InlineData("""[{"type":"summarize"}]""", "context_management[0].type")]
    [InlineData("""[{"type":"compaction","compact_threshold":10}]""", "context_management[0].compact_threshold")]
    [InlineData("""[]""", "context_management")]
    public async Task A_bad_entry_is_a_400_naming_it(string entries, string param)
    {
        using var response = await server.Client.PostResponseAsync(Stored.Stored.Body("Hi", $$""","context_management":{{entries}}"""));

        await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_value", param);
    }
}
