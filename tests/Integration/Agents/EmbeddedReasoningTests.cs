using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Agents;

/// <summary>
/// The embedded model thinks on the server's defaults: reasoning.effort opens its think block, the thinking comes back
/// as a reasoning item before the message, and reasoning.summary (Codex's "auto") carries it as summary_text, streamed
/// with the summary events.
/// </summary>
public sealed class EmbeddedReasoningTests : IDisposable
{
    private readonly ResponsesServerFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Theory]
    [InlineData(Api.Model, 0.0)]
    [InlineData(Api.Model, 1.0)]
    // The vision model renders the same template, so its think block needs the same budget to close.
    [InlineData("responses-tiny-vision", 0.0)]
    public async Task Effort_medium_with_summary_auto_gives_a_summarized_reasoning_item_then_a_message(string model, double temperature)
    {
        using var client = factory.CreateClient();
        var response = await client.CreateAsync(FormattableString.Invariant(
            $$$"""{"model":"{{{model}}}","input":"Why is the sky blue?","temperature":{{{temperature}}},"max_output_tokens":200,"reasoning":{"effort":"medium","summary":"auto"}}"""));

        var output = response["output"]!.AsArray();
        Assert.Equal(["reasoning", "message"], output.Select(item => (string?)item!["type"]));
        var reasoning = output[0]!;
        var thinking = (string?)Assert.Single(reasoning["content"]!.AsArray())!["text"];
        Assert.False(string.IsNullOrWhiteSpace(thinking));
        var summary = Assert.Single(reasoning["summary"]!.AsArray())!;
        Assert.Equal("summary_text", (string?)summary["type"]);
        Assert.Equal(thinking, (string?)summary["text"]);
        Assert.Null(reasoning["encrypted_content"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)output[1]!["content"]![0]!["text"]));
        var usage = response["usage"]!;
        Assert.InRange((int)usage["output_tokens_details"]!["reasoning_tokens"]!, 10, 60);
        Assert.Equal("auto", (string?)response["reasoning"]!["summary"]);
    }

    [Fact]
    public async Task Without_summary_the_reasoning_item_has_none()
    {
        using var client = factory.CreateClient();
        var response = await client.CreateAsync(
            $$$"""{"model":"{{{Api.Model}}}","input":"Why is the sky blue?","temperature":0,"max_output_tokens":200,"reasoning":{"effort":"high"}}""");

        var reasoning = AgentRequests.Items(response, "reasoning").Single();
        Assert.Empty(reasoning["summary"]!.AsArray());
        Assert.NotEmpty((string?)reasoning["content"]![0]!["text"] ?? "");
        Assert.Single(AgentRequests.Items(response, "message"));
    }

    [Fact]
    public async Task The_stream_carries_the_summary_events_around_the_thinking()
    {
        using var client = factory.CreateClient();
        var frames = await AgentRequests.StreamAsync(client,
            $$$"""{"model":"{{{Api.Model}}}","input":"Why is the sky blue?","temperature":0,"max_output_tokens":200,"stream":true,"reasoning":{"effort":"low","summary":"detailed"}}""");

        var types = frames.Select(f => f.Event).ToList();
        var partAdded = types.IndexOf("response.reasoning_summary_part.added");
        var firstDelta = types.IndexOf("response.reasoning_summary_text.delta");
        var textDone = types.IndexOf("response.reasoning_summary_text.done");
        var partDone = types.IndexOf("response.reasoning_summary_part.done");
        var itemDone = types.IndexOf("response.output_item.done");
        Assert.True(types.IndexOf("response.output_item.added") < partAdded && partAdded < firstDelta && firstDelta < textDone
            && textDone < partDone && partDone < itemDone, string.Join(", ", types.Distinct()));
        var deltas = frames.Where(f => f.Event == "response.reasoning_summary_text.delta").Select(f => (string)f.Json["delta"]!);
        var done = frames[textDone].Json;
        Assert.Equal(string.Concat(deltas), (string?)done["text"]);
        Assert.All(frames.Where(f => f.Event.StartsWith("response.reasoning_summary", StringComparison.Ordinal)), f => Assert.Equal(0, (int)f.Json["summary_index"]!));
        var final = frames[^1].Json["response"]!["output"]![0]!;
        Assert.Equal((string?)done["text"], (string?)final["summary"]![0]!["text"]);
        Assert.Equal("message", (string?)frames[^1].Json["response"]!["output"]![1]!["type"]);
    }
}
