using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Agents;

/// <summary>
/// A thinking model (a template that opens &lt;think&gt; in the generation prompt, as Qwen3's does, with an
/// enable_thinking switch): its thought becomes a reasoning item, counted in reasoning_tokens, and
/// reasoning.effort "none" switches the thought off.
/// </summary>
public sealed class ReasoningTests : IDisposable
{
    private const string ThinkingTemplate =
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}"
        + "{% if enable_thinking is defined and enable_thinking is false %}{{ '<think>\\n\\n</think>\\n\\n' }}{% else %}{{ '<think>\\n' }}{% endif %}{% endif %}";

    private readonly ResponsesServerFactory factory = new()
    {
        Settings = new Dictionary<string, string> { ["Inference:ChatTemplate"] = ThinkingTemplate },
    };

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task The_thought_is_a_reasoning_item_counted_in_reasoning_tokens()
    {
        using var client = factory.CreateClient();
        var response = await client.CreateAsync(
            $$$"""{"model":"{{{Api.Model}}}","input":"Think first.","temperature":0,"max_output_tokens":24,"reasoning":{"effort":"high"}}""");

        var item = Assert.Single(response["output"]!.AsArray())!;
        Assert.Equal("reasoning", (string?)item["type"]);
        Assert.StartsWith("rs_", (string?)item["id"]);
        Assert.Empty(item["summary"]!.AsArray());
        var part = Assert.Single(item["content"]!.AsArray())!;
        Assert.Equal("reasoning_text", (string?)part["type"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)part["text"]));
        Assert.DoesNotContain("<think>", (string?)part["text"]);
        var usage = response["usage"]!;
        Assert.Equal((int)usage["output_tokens"]!, (int)usage["output_tokens_details"]!["reasoning_tokens"]!);
        Assert.Equal("high", (string?)response["reasoning"]!["effort"]);
    }

    [Fact]
    public async Task A_streamed_thought_has_reasoning_text_events_with_a_content_index()
    {
        using var client = factory.CreateClient();
        var frames = await AgentRequests.StreamAsync(client,
            $$$"""{"model":"{{{Api.Model}}}","input":"Think first.","temperature":0,"max_output_tokens":24,"stream":true}""");

        var deltas = frames.Where(f => f.Event == "response.reasoning_text.delta").ToArray();
        Assert.NotEmpty(deltas);
        Assert.All(deltas, d => Assert.Equal(0, (int)d.Json["content_index"]!));
        var done = Assert.Single(frames, f => f.Event == "response.reasoning_text.done").Json;
        Assert.Equal(string.Concat(deltas.Select(d => (string)d.Json["delta"]!)), (string?)done["text"]);
        var final = frames[^1].Json["response"]!["output"]![0]!;
        Assert.Equal((string?)done["text"], (string?)final["content"]![0]!["text"]);
    }

    [Fact]
    public async Task Effort_none_switches_thinking_off()
    {
        using var client = factory.CreateClient();
        var response = await client.CreateAsync(
            $$$"""{"model":"{{{Api.Model}}}","input":"Answer directly.","temperature":0,"max_output_tokens":24,"reasoning":{"effort":"none"}}""");

        Assert.Empty(AgentRequests.Items(response, "reasoning"));
        Assert.Single(AgentRequests.Items(response, "message"));
        Assert.Equal(0, (int)response["usage"]!["output_tokens_details"]!["reasoning_tokens"]!);
    }
}
