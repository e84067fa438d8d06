using System.Net;
using System.Text.Json.Nodes;
using Responses.Tests.Integration.Stored;
using Responses.Tests.Support;
using Xunit.Abstractions;

namespace Responses.Tests.Integration.Compaction;

/// <summary>POST /v1/responses/compact on the embedded model: the summary is gibberish, the machinery is what is tested.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class CompactEndpointTests(DefaultServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task A_twenty_turn_conversation_compacts_to_a_window_whose_next_turn_has_a_much_smaller_prompt()
    {
        var conversation = new JsonArray();
        for (var turn = 0; turn < 20; turn++)
        {
            conversation.Add(Compaction.User(
                $"Turn {turn}: please keep track of item number {turn}, which is a small red box holding {turn * 3} marbles, "
                + "two keys, a folded map of the old harbour and a note that says where the next box is hidden."));
            var reply = await server.Client.CreateAsync(Compaction.Body(conversation, ""","store":false""", maxOutputTokens: 48));
            foreach (var item in reply["output"]!.AsArray())
            {
                conversation.Add(item!.DeepClone());
            }
        }

        var next = Compaction.User("Which box holds the most marbles?");
        var full = Compaction.Copy(conversation);
        full.Add(next.DeepClone());
        var uncompacted = await server.Client.CreateAsync(Compaction.Body(full, ""","store":false"""));

        var compacted = await server.Client.CompactAsync($$"""{"model":"{{Api.Model}}","input":{{conversation.ToJsonString()}}}""");
        var window = compacted["output"]!.AsArray();
        Assert.Equal(["compaction", "message"], window.Select(item => (string?)item!["type"]));
        Compaction.SummaryOf(window[0]!);
        Assert.Equal("user", (string?)window[1]!["role"]);
        Assert.Equal(conversation[^2]!["content"]!.GetValue<string>(), (string?)window[1]!["content"]![0]!["text"]);

        var resumed = Compaction.Copy(window);
        resumed.Add(next.DeepClone());
        var afterCompaction = await server.Client.CreateAsync(Compaction.Body(resumed, ""","store":false"""));

        var before = (int)uncompacted["usage"]!["input_tokens"]!;
        var after = (int)afterCompaction["usage"]!["input_tokens"]!;
        var usage = compacted["usage"]!;
        output.WriteLine($"next turn: {before} input tokens uncompacted, {after} after compaction; the compaction read {usage["input_tokens"]} and wrote {usage["output_tokens"]}");
        Assert.Contains((string?)afterCompaction["status"], new[] { "completed", "incomplete" });
        Assert.Equal("message", (string?)afterCompaction["output"]![0]!["type"]);
        Assert.True(after * 4 < before, $"{after} is not much smaller than {before}");
        Assert.True((int)usage["input_tokens"]! >= before - 64, $"the summary's prompt ({usage["input_tokens"]}) should hold the whole conversation ({before})");
        Assert.Equal((int)usage["input_tokens"]! + (int)usage["output_tokens"]!, (int)usage["total_tokens"]!);
    }

    [Fact]
    public async Task The_answer_is_a_response_compaction_object_and_nothing_is_stored()
    {
        var compacted = await server.Client.CompactAsync($$"""{"model":"{{Api.Model}}","input":"Hello there.","instructions":"Be brief.","prompt_cache_key":"k1"}""");

        Assert.Equal(["id", "object", "output", "created_at", "usage"], compacted.Select(p => p.Key));
        Assert.Equal("response.compaction", (string?)compacted["object"]);
        Assert.StartsWith("resp_", (string?)compacted["id"]);
        var message = compacted["output"]![1]!;
        Assert.StartsWith("msg_", (string?)message["id"]);
        Assert.Equal("completed", (string?)message["status"]);
        Assert.Equal("Hello there.", (string?)message["content"]![0]!["text"]);
        using var stored = await server.Client.GetAsync($"/v1/responses/{compacted["id"]}");
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    [Fact]
    public async Task A_stored_chain_compacts_by_previous_response_id_and_the_window_continues_it()
    {
        var first = await server.Client.CreateAsync(Stored.Stored.Body("CHAIN-FIRST-QUESTION"));
        var second = await server.Client.CreateAsync(Stored.Stored.Body("CHAIN-SECOND-QUESTION", Stored.Stored.After((string)first["id"]!)));
        var items = await Stored.Stored.AllInputItemsAsync(server.Client, (string)second["id"]!);

        var compacted = await server.Client.CompactAsync($$"""{"model":"{{Api.Model}}","previous_response_id":"{{second["id"]}}"}""");

        var window = compacted["output"]!.AsArray();
        Compaction.SummaryOf(window[0]!);
        Assert.Equal((string?)items[^1]["id"], (string?)window[1]!["id"]);
        Assert.Equal("CHAIN-SECOND-QUESTION", (string?)window[1]!["content"]![0]!["text"]);
        Assert.True((int)compacted["usage"]!["input_tokens"]! > (int)second["usage"]!["input_tokens"]!);

        var resumed = Compaction.Copy(window);
        resumed.Add(Compaction.User("And then?"));
        var next = await server.Client.CreateAsync(Compaction.Body(resumed));
        Assert.Contains((string?)next["status"], new[] { "completed", "incomplete" });
    }

    [Fact]
    public async Task A_window_sent_as_input_is_stored_and_its_summary_reaches_the_model_through_the_chain()
    {
        var input = new JsonArray { Compaction.Item("SUMMARY-OF-EVERYTHING-SO-FAR"), Compaction.User("KEPT-QUESTION") };
        var first = await server.Client.CreateAsync(Compaction.Body(input));

        var items = await Stored.Stored.AllInputItemsAsync(server.Client, (string)first["id"]!);
        Assert.Equal("compaction", (string?)items[0]["type"]);
        Assert.StartsWith("cmp_", (string?)items[0]["id"]);
        Assert.Equal((string?)input[0]!["encrypted_content"], (string?)items[0]["encrypted_content"]);

        var prompt = await Stored.Stored.PromptAsync(server.Factory, Stored.Stored.Body("NEXT-QUESTION", Stored.Stored.After((string)first["id"]!)));
        var order = new[] { "Summary of the earlier conversation:", "SUMMARY-OF-EVERYTHING-SO-FAR", "KEPT-QUESTION", "NEXT-QUESTION" }
            .Select(text => prompt.IndexOf(text, StringComparison.Ordinal))
            .ToArray();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public async Task A_missing_model_is_a_400_naming_model_and_an_unknown_one_a_404()
    {
        using var missing = await server.Client.PostCompactAsync("""{"input":"hi"}""");
        await Api.AssertErrorAsync(missing, HttpStatusCode.BadRequest, "missing_required_parameter", "model");

        using var unknown = await server.Client.PostCompactAsync("""{"model":"gpt-5.1-codex-max","input":"hi"}""");
        await Api.AssertErrorAsync(unknown, HttpStatusCode.NotFound, "model_not_found", "model");

        using var nothing = await server.Client.PostCompactAsync($$"""{"model":"{{Api.Model}}"}""");
        await Api.AssertErrorAsync(nothing, HttpStatusCode.BadRequest, "missing_required_parameter", "input");

        using var gone = await server.Client.PostCompactAsync($$"""{"model":"{{Api.Model}}","previous_response_id":"resp_nope"}""");
        await Api.AssertErrorAsync(gone, HttpStatusCode.NotFound, "previous_response_not_found", "previous_response_id");
    }

    [Fact]
    public async Task A_compaction_item_this_server_cannot_read_is_a_400_naming_its_encrypted_content()
    {
        var input = new JsonArray
        {
            Compaction.User("q"),
            new JsonObject { ["type"] = "compaction", ["id"] = "cmp_openai", ["encrypted_content"] = "gAAAAABpM0Yj-opaque=" },
            Compaction.User("and?"),
        };

        using var create = await server.Client.PostResponseAsync(Compaction.Body(input));
        await Api.AssertErrorAsync(create, HttpStatusCode.BadRequest, "invalid_encrypted_content", "input[1].encrypted_content");

        using var compact = await server.Client.PostCompactAsync($$"""{"model":"{{Api.Model}}","input":{{input.ToJsonString()}}}""");
        await Api.AssertErrorAsync(compact, HttpStatusCode.BadRequest, "invalid_encrypted_content", "input[1].encrypted_content");

        using var missing = await server.Client.PostResponseAsync(Compaction.Body(new JsonArray { new JsonObject { ["type"] = "compaction" } }));
        var error = JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("input[0].encrypted_content", (string?)error["param"]);
    }

    [OpenAISchemaFact]
    public async Task The_compaction_object_validates_against_OpenAIs_schemas()
    {
        var compacted = await server.Client.CompactAsync($$"""{"model":"{{Api.Model}}","input":[{"role":"user","content":"q"},{"role":"assistant","content":"a"},{"role":"user","content":"q2"}]}""");

        OpenAISchemas.AssertValid("CompactionBody", compacted["output"]![0]);
        OpenAISchemas.AssertValid("InputMessageResource", compacted["output"]![1]);
        OpenAISchemas.AssertValid("ResponseUsage", compacted["usage"]);
        Assert.IsType<long>(compacted["created_at"]!.GetValue<long>());
    }
}
