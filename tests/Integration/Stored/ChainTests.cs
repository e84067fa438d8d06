using System.Text.Json.Nodes;
using Responses.Tests.Integration.Agents;

namespace Responses.Tests.Integration.Stored;

/// <summary>previous_response_id: the model reads the whole stored chain, and only the newest instructions.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class ChainTests(DefaultServer server)
{
    [Fact]
    public async Task One_turn_continues_the_stored_response_without_its_instructions()
    {
        var first = await server.Client.CreateAsync(Stored.Body("My name is Ada.", ""","instructions":"INSTRUCTION-ONE" """));
        var id = (string)first["id"]!;

        var second = await server.Client.CreateAsync(Stored.Body("What is my name?", Stored.After(id)));

        Assert.Equal(id, (string?)second["previous_response_id"]);
        Assert.True((int)second["usage"]!["input_tokens"]! > (int)first["usage"]!["input_tokens"]!);
        var prompt = await Stored.PromptAsync(server.Factory, Stored.Body("What is my name?", Stored.After(id) + ""","instructions":"INSTRUCTION-TWO" """));
        Assert.Contains("My name is Ada.", prompt, StringComparison.Ordinal);
        Assert.Contains(Api.OutputText(first), prompt, StringComparison.Ordinal);
        Assert.Contains("What is my name?", prompt, StringComparison.Ordinal);
        Assert.Contains("INSTRUCTION-TWO", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("INSTRUCTION-ONE", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_turns_replay_every_earlier_input_and_output_in_order()
    {
        var first = await server.Client.CreateAsync(Stored.Body("first-input", ""","instructions":"OLD-ONE" """));
        var second = await server.Client.CreateAsync(Stored.Body("second-input", Stored.After((string)first["id"]!) + ""","instructions":"OLD-TWO" """));
        var third = await server.Client.CreateAsync(Stored.Body("third-input", Stored.After((string)second["id"]!)));

        var items = await Stored.AllInputItemsAsync(server.Client, (string)third["id"]!);
        Assert.Equal(
            ["user", "assistant", "user", "assistant", "user"],
            items.Select(item => (string?)item["role"]));
        Assert.Equal((string?)first["output"]![0]!["id"], (string?)items[1]["id"]);
        Assert.Equal((string?)second["output"]![0]!["id"], (string?)items[3]["id"]);
        Assert.Equal("third-input", (string?)items[4]["content"]![0]!["text"]);

        var prompt = await Stored.PromptAsync(server.Factory, Stored.Body("fourth-input", Stored.After((string)third["id"]!)));
        var order = new[] { "first-input", Api.OutputText(first), "second-input", Api.OutputText(second), "third-input", Api.OutputText(third), "fourth-input" }
            .Select(text => prompt.IndexOf(text, StringComparison.Ordinal))
            .ToArray();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        Assert.DoesNotContain("OLD-", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fifty_turns_grow_the_prompt_every_turn_and_keep_only_the_last_instructions()
    {
        string? previous = null;
        var inputTokens = new List<int>();
        for (var turn = 0; turn < 50; turn++)
        {
            var extra = $$""","instructions":"RULE-{{turn}}-END" """ + (previous is null ? "" : Stored.After(previous));
            var response = await server.Client.CreateAsync(Stored.Body($"turn-{turn}-input", extra));
            inputTokens.Add((int)response["usage"]!["input_tokens"]!);
            previous = (string)response["id"]!;
        }

        Assert.True(inputTokens.Zip(inputTokens.Skip(1)).All(pair => pair.Second > pair.First), string.Join(", ", inputTokens));
        var items = await Stored.AllInputItemsAsync(server.Client, previous!);
        Assert.Equal(50, items.Count(item => (string?)item["role"] == "user"));
        Assert.Equal(49, items.Count(item => (string?)item["role"] == "assistant"));

        var prompt = await Stored.PromptAsync(server.Factory, Stored.Body("next", Stored.After(previous!) + ""","instructions":"RULE-LAST-END" """));
        for (var turn = 0; turn < 50; turn++)
        {
            Assert.Contains($"turn-{turn}-input", prompt, StringComparison.Ordinal);
            Assert.DoesNotContain($"RULE-{turn}-END", prompt, StringComparison.Ordinal);
        }

        Assert.Contains("RULE-LAST-END", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_in_the_chain_pairs_with_its_output_in_the_next_request()
    {
        var called = await server.Client.CreateAsync(AgentRequests.Body(
            "\"Weather in Paris?\"", AgentRequests.WeatherTool, """{"type":"function","name":"get_weather"}"""));
        var call = AgentRequests.Items(called, "function_call").Single();
        var callId = (string)call["call_id"]!;

        var answered = await server.Client.CreateAsync(AgentRequests.Body(
            $$"""[{"type":"function_call_output","call_id":"{{callId}}","output":"{\"temperature_c\":18}"}]""",
            AgentRequests.WeatherTool,
            "\"auto\"",
            Stored.After((string)called["id"]!),
            maxOutputTokens: 16));

        Assert.Equal((string)called["id"]!, (string?)answered["previous_response_id"]);
        var items = await Stored.AllInputItemsAsync(server.Client, (string)answered["id"]!);
        Assert.Equal(["message", "function_call", "function_call_output"], items.Select(item => (string?)item["type"]));
        Assert.Equal((string?)call["id"], (string?)items[1]["id"]);
        Assert.StartsWith("fco_", (string?)items[2]["id"]);
        var prompt = await Stored.PromptAsync(server.Factory, AgentRequests.Body(
            "\"Thanks.\"", AgentRequests.WeatherTool, "\"auto\"", Stored.After((string)answered["id"]!)));
        Assert.Contains("temperature_c", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_whose_call_is_not_in_the_chain_is_a_400()
    {
        var first = await server.Client.CreateAsync(Stored.Body("Hello."));

        using var response = await server.Client.PostResponseAsync(Stored.Body("x", Stored.After((string)first["id"]!))
            .Replace("\"x\"", """[{"type":"function_call_output","call_id":"call_elsewhere","output":"42"}]""", StringComparison.Ordinal));

        await Api.AssertErrorAsync(response, System.Net.HttpStatusCode.BadRequest, "invalid_value", "input[0].call_id");
    }
}
