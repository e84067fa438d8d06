using System.Text.Json.Nodes;

namespace Responses.Tests.Integration;

/// <summary>Penalties and logit bias through the API: accepted in OpenAI's ranges, echoed, and acting on the output.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class PenaltyTests(DefaultServer server)
{
    [Fact]
    public async Task A_frequency_penalty_is_echoed_and_changes_the_greedy_answer_and_0_leaves_it_as_it_was()
    {
        var plain = await server.Client.CreateAsync(Body(""));
        var zero = await server.Client.CreateAsync(Body(""","frequency_penalty":0,"presence_penalty":0"""));
        var penalized = await server.Client.CreateAsync(Body(""","frequency_penalty":2"""));

        Assert.Equal(Api.OutputText(plain), Api.OutputText(zero));
        Assert.Equal(2.0, (double)penalized["frequency_penalty"]!);
        Assert.Equal(0.0, (double)penalized["presence_penalty"]!);
        Assert.NotEqual(Api.OutputText(plain), Api.OutputText(penalized));
    }

    [Fact]
    public async Task Streamed_and_not_a_penalized_answer_is_the_same()
    {
        var json = await server.Client.CreateAsync(Body(""","presence_penalty":1.5"""));
        using var streamed = await server.Client.PostResponseAsync(Body(""","presence_penalty":1.5,"stream":true"""));
        var frames = Support.SseFrame.ParseAll(await streamed.Content.ReadAsStringAsync());

        var completed = frames.Last(frame => frame.Event is "response.completed" or "response.incomplete").Json["response"]!;
        Assert.Equal(Api.OutputText(json), Api.OutputText(completed));
    }

    [Fact]
    public async Task A_chat_logit_bias_changes_the_greedy_answer_the_same_way_every_time()
    {
        var plain = await ChatAsync("");
        var forced = await ChatAsync(""","logit_bias":{"40":100}""");
        var again = await ChatAsync(""","logit_bias":{"40":100}""");

        var forcedText = (string?)forced["choices"]![0]!["message"]!["content"];
        Assert.NotEqual((string?)plain["choices"]![0]!["message"]!["content"], forcedText);
        Assert.Equal(forcedText, (string?)again["choices"]![0]!["message"]!["content"]);
        Assert.Equal(16, (int)forced["usage"]!["completion_tokens"]!);
    }

    private static string Body(string extra) =>
        $$"""{"model":"{{Api.Model}}","input":"Tell me a long story.","temperature":0,"max_output_tokens":64{{extra}}}""";

    private async Task<JsonObject> ChatAsync(string extra)
    {
        using var response = await server.Client.PostAsync(
            "/v1/chat/completions",
            Api.Json($$"""{"model":"{{Api.Model}}","messages":[{"role":"user","content":"Tell me a long story."}],"temperature":0,"max_tokens":16{{extra}}}"""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
