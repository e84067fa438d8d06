using System.Text.Json.Nodes;

namespace Responses.Tests.Integration.Chat;

/// <summary>Chat completions' logprobs: with logprobs true, choices[].logprobs.content (and each streamed chunk's), greedy tokens their own first alternative.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class ChatLogprobTests(DefaultServer server)
{
    [Fact]
    public async Task Logprobs_spell_the_content_and_the_stream_carries_the_same()
    {
        var completion = await ChatAsync(""","logprobs":true,"top_logprobs":3""");
        var choice = completion["choices"]![0]!;
        var tokens = choice["logprobs"]!["content"]!.AsArray();

        Assert.NotEmpty(tokens);
        Assert.Null(choice["logprobs"]!["refusal"]);
        Assert.Equal((string?)choice["message"]!["content"], string.Concat(tokens.Select(token => (string)token!["token"]!)));
        Assert.All(tokens, token =>
        {
            Assert.Equal(3, token!["top_logprobs"]!.AsArray().Count);
            Assert.Equal((double)token["logprob"]!, (double)token["top_logprobs"]![0]!["logprob"]!);
            Assert.True((double)token["logprob"]! <= 0);
        });

        using var streamed = await server.Client.PostAsync("/v1/chat/completions", Api.Json(Body(""","logprobs":true,"top_logprobs":3,"stream":true""")));
        var streamedTokens = (await streamed.Content.ReadAsStringAsync())
            .Split('\n')
            .Where(line => line.StartsWith("data: {", StringComparison.Ordinal))
            .Select(line => JsonNode.Parse(line["data: ".Length..])!["choices"]!.AsArray().FirstOrDefault()?["logprobs"]?["content"])
            .Where(content => content is not null)
            .SelectMany(content => content!.AsArray())
            .ToList();
        Assert.Equal(tokens.Select(token => (double)token!["logprob"]!), streamedTokens.Select(token => (double)token!["logprob"]!));
    }

    [Fact]
    public async Task Without_logprobs_the_choice_has_none_and_top_logprobs_alone_is_a_400()
    {
        Assert.Null((await ChatAsync(""))["choices"]![0]!["logprobs"]);
        using var refused = await server.Client.PostAsync("/v1/chat/completions", Api.Json(Body(""","top_logprobs":2""")));
        await Api.AssertErrorAsync(refused, System.Net.HttpStatusCode.BadRequest, "invalid_value", "top_logprobs");
    }

    private static string Body(string extra) =>
        $$"""{"model":"{{Api.Model}}","messages":[{"role":"user","content":"Tell me about the sea."}],"temperature":0,"max_tokens":16{{extra}}}""";

    private async Task<JsonObject> ChatAsync(string extra)
    {
        using var response = await server.Client.PostAsync("/v1/chat/completions", Api.Json(Body(extra)));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
