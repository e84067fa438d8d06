using System.Text.Json.Nodes;

namespace Responses.Tests.Integration.Chat;

/// <summary>Chat completions' stop: with a word of the unconstrained greedy answer, the answer is the text before it, finish_reason stop, streamed and not.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class ChatStopTests(DefaultServer server)
{
    [Fact]
    public async Task The_answer_is_the_text_before_the_stop_word_streamed_and_not()
    {
        var full = (string)(await ChatAsync(""))["choices"]![0]!["message"]!["content"]!;
        var stop = full.Substring(full.Length / 2, 4);
        var expected = full[..full.IndexOf(stop, StringComparison.Ordinal)];
        var stopJson = JsonValue.Create(stop).ToJsonString();

        var stopped = await ChatAsync($$""","stop":{{stopJson}}""");
        var listed = await ChatAsync($$""","stop":["\u0001never",{{stopJson}}]""");
        using var streamed = await server.Client.PostAsync("/v1/chat/completions", Api.Json(Body($$""","stop":{{stopJson}},"stream":true""")));
        var chunks = (await streamed.Content.ReadAsStringAsync())
            .Split('\n')
            .Where(line => line.StartsWith("data: {", StringComparison.Ordinal))
            .Select(line => JsonNode.Parse(line["data: ".Length..])!)
            .ToList();

        Assert.Equal(expected, (string?)stopped["choices"]![0]!["message"]!["content"]);
        Assert.Equal("stop", (string?)stopped["choices"]![0]!["finish_reason"]);
        Assert.Equal(expected, (string?)listed["choices"]![0]!["message"]!["content"]);
        var deltas = chunks.Select(chunk => (string?)chunk["choices"]?.AsArray().FirstOrDefault()?["delta"]?["content"]).Where(text => text is not null);
        Assert.Equal(expected, string.Concat(deltas));
        Assert.Contains(chunks, chunk => (string?)chunk["choices"]?.AsArray().FirstOrDefault()?["finish_reason"] == "stop");
    }

    private string Body(string extra) =>
        $$"""{"model":"{{Api.Model}}","messages":[{"role":"user","content":"Tell me a long story."}],"temperature":0,"max_tokens":48{{extra}}}""";

    private async Task<JsonObject> ChatAsync(string extra)
    {
        using var response = await server.Client.PostAsync("/v1/chat/completions", Api.Json(Body(extra)));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
