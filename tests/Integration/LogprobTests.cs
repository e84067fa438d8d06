using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>Log probabilities on /v1/responses, as OpenAI returns them: with include message.output_text.logprobs, in the output text and in its events.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class LogprobTests(DefaultServer server)
{
    private const string Asked = ""","top_logprobs":5,"include":["message.output_text.logprobs"]""";

    [Fact]
    public async Task Greedy_logprobs_are_the_first_alternative_and_spell_the_text_streamed_and_not()
    {
        var response = await server.Client.CreateAsync(Body(Asked));
        var part = response["output"]![0]!["content"]![0]!;
        var tokens = part["logprobs"]!.AsArray();

        Assert.NotEmpty(tokens);
        Assert.Equal((string?)part["text"], string.Concat(tokens.Select(token => (string)token!["token"]!)));
        foreach (var token in tokens)
        {
            var top = token!["top_logprobs"]!.AsArray();
            Assert.Equal(5, top.Count);
            Assert.Equal((double)token["logprob"]!, (double)top[0]!["logprob"]!);
            Assert.True(top.Sum(alternative => Math.Exp((double)alternative!["logprob"]!)) <= 1 + 1e-9);
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes((string)token["token"]!).Select(b => (int)b), token["bytes"]!.AsArray().Select(b => (int)b!));
        }

        using var streamed = await server.Client.PostResponseAsync(Body(Asked + ""","stream":true"""));
        var frames = SseFrame.ParseAll(await streamed.Content.ReadAsStringAsync());
        var deltas = frames.Where(frame => frame.Event == "response.output_text.delta").SelectMany(frame => frame.Json["logprobs"]!.AsArray()).ToList();
        var done = frames.Single(frame => frame.Event == "response.output_text.done").Json["logprobs"]!.AsArray();
        Assert.Equal(tokens.Select(token => (double)token!["logprob"]!), deltas.Select(token => (double)token!["logprob"]!));
        Assert.Equal(tokens.Select(token => (string)token!["token"]!), done.Select(token => (string)token!["token"]!));
    }

    [Fact]
    public async Task Without_include_the_text_carries_none_as_before()
    {
        var response = await server.Client.CreateAsync(Body(""","top_logprobs":5"""));

        Assert.Empty(response["output"]![0]!["content"]![0]!["logprobs"]!.AsArray());
        Assert.Equal(5, (int)response["top_logprobs"]!);
    }

    [OpenAISchemaFact]
    public async Task The_response_and_its_events_are_valid_against_OpenAIs_schemas()
    {
        OpenAISchemas.AssertValid("Response", await server.Client.CreateAsync(Body(Asked)));
        using var streamed = await server.Client.PostResponseAsync(Body(Asked + ""","stream":true"""));
        foreach (var frame in SseFrame.ParseAll(await streamed.Content.ReadAsStringAsync()))
        {
            OpenAISchemas.AssertValid("ResponseStreamEvent", frame.Json);
        }
    }

    private static string Body(string extra) =>
        $$"""{"model":"{{Api.Model}}","input":"Tell me about the sea.","temperature":0,"max_output_tokens":24{{extra}}}""";
}
