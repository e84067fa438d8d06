using System.Text;
using Responses.Inference;
using Responses.Inference.EmbeddedModel;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// The embedded model thinks when asked: its template opens a think block, the model writes some thinking, the block
/// closes within the model's budget (greedy and sampled) and an answer follows. Not asked, nothing changes.
/// </summary>
public sealed class EmbeddedThinkingTests
{
    private static readonly ChatPrompt Question = TestModels.UserSays("Why is the sky blue?");

    [Fact]
    public async Task Greedy_decoding_thinks_then_answers()
    {
        using var model = EmbeddedModel.Load(promptCacheEntries: 0);
        var prompt = model.Render(Question with { EnableThinking = true });
        Assert.EndsWith("<|im_start|>assistant\n<think>\n", prompt.Text, StringComparison.Ordinal);

        var (reasoning, answer, usage) = await RunAsync(model, prompt, new SamplingSettings(160, 0, 1));

        Assert.NotEmpty(reasoning.Trim());
        Assert.NotEmpty(answer.Trim());
        Assert.DoesNotContain("think>", reasoning + answer, StringComparison.Ordinal);
        Assert.InRange(usage.ReasoningTokens, 20, EmbeddedModelWriter.ThinkingBudgetTokens + 2);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    public async Task Sampled_decoding_closes_the_block_within_the_budget_then_answers(ulong seed)
    {
        using var model = EmbeddedModel.Load(promptCacheEntries: 0);
        var prompt = model.Render(Question with { EnableThinking = true });

        var (reasoning, answer, usage) = await RunAsync(model, prompt, new SamplingSettings(400, 1, 1, seed));

        Assert.NotEmpty(reasoning.Trim());
        // The budget and its closing tag, with a token of slack for how usage counts thinking tokens around the tag.
        Assert.InRange(usage.ReasoningTokens, 12, EmbeddedModelWriter.ThinkingBudgetTokens + 2);
        Assert.True(usage.OutputTokens > usage.ReasoningTokens, $"no answer after {usage.ReasoningTokens} thinking tokens: '{answer}'");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public async Task Without_thinking_the_prompt_and_the_output_are_as_before(bool? thinking)
    {
        using var model = EmbeddedModel.Load(promptCacheEntries: 0);
        var plain = model.Render(Question);
        var prompt = model.Render(Question with { EnableThinking = thinking });

        Assert.Equal(plain.Text, prompt.Text);
        Assert.DoesNotContain("<think>", prompt.Text, StringComparison.Ordinal);
        var (reasoning, answer, usage) = await RunAsync(model, prompt, new SamplingSettings(64, 1, 1, 7));
        Assert.Empty(reasoning);
        Assert.NotEmpty(answer);
        Assert.Equal(0, usage.ReasoningTokens);
    }

    [Fact]
    public void Thinking_of_the_current_turn_is_rendered_and_earlier_turns_thinking_is_not()
    {
        using var model = EmbeddedModel.Load(promptCacheEntries: 0);
        var earlier = new ChatMessage("assistant", "Old answer.") { Reasoning = "old thoughts" };
        var call = new ChatMessage("assistant", "") { Reasoning = "new thoughts", ToolCalls = [new ChatToolCall("c1", "look", "{}")] };
        var prompt = model.Render(new ChatPrompt(
        [
            new ChatMessage("user", "Hi"), earlier, new ChatMessage("user", "Look it up"), call,
            new ChatMessage("tool", "found") { ToolCallId = "c1", Name = "look" },
        ]) { Tools = [new ChatTool("look", null, null)] });

        Assert.DoesNotContain("old thoughts", prompt.Text, StringComparison.Ordinal);
        Assert.Contains("<|im_start|>assistant\n<think>\nnew thoughts\n</think>\n<tool_call>", prompt.Text, StringComparison.Ordinal);
    }

    private static async Task<(string Reasoning, string Answer, TokenUsage Usage)> RunAsync(ILanguageModel model, RenderedPrompt prompt, SamplingSettings sampling)
    {
        var reasoning = new StringBuilder();
        var answer = new StringBuilder();
        TokenUsage? usage = null;
        await foreach (var item in model.GenerateAsync(prompt, sampling, CancellationToken.None))
        {
            switch (item)
            {
                case ReasoningDelta delta:
                    Assert.Empty(answer.ToString()); // thinking comes first, in one block
                    reasoning.Append(delta.Text);
                    break;
                case TextDelta delta:
                    answer.Append(delta.Text);
                    break;
                case GenerationFinished done:
                    usage = done.Usage;
                    break;
            }
        }
        Assert.NotNull(usage);
        return (reasoning.ToString(), answer.ToString(), usage.Value);
    }
}
