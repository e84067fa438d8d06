using Responses.Inference;
using Responses.Server.Runs.Conversation;

namespace Responses.Tests.Unit.Server;

/// <summary>truncation "auto": the oldest whole exchanges go until the prompt fits with room to answer.</summary>
public sealed class ContextTruncationTests
{
    private static readonly ChatMessage[] Conversation =
    [
        new("system", "sys"),
        new("user", "u1 aaaaaaaaaaaaaaaaaaaa"),
        new("assistant", "a1 bbbbbbbbbbbbbbbbbbbb") { ToolCalls = [new ChatToolCall("c1", "f", "{}")] },
        new("tool", "r1 cccccccccccccccccccc") { ToolCallId = "c1" },
        new("user", "u2 dddddddddddddddddddd"),
        new("assistant", "a2 eeeeeeeeeeeeeeeeeeee"),
        new("user", "u3 ffff"),
    ];

    [Fact]
    public void A_conversation_that_fits_is_untouched()
    {
        var (prompt, dropped) = ContextTruncation.Fit(new CountingModel(1000), new ChatPrompt(Conversation), reserve: 10);

        Assert.Equal(0, dropped);
        Assert.Equal(Conversation.Length, prompt.Source!.Messages.Count);
    }

    [Fact]
    public void The_oldest_exchanges_go_whole_and_the_system_turn_stays()
    {
        // Everything is 125 chars; without the first exchange (u1, its call and result: 69) it is 56, under 100 - 10.
        var (prompt, dropped) = ContextTruncation.Fit(new CountingModel(100), new ChatPrompt(Conversation), reserve: 10);

        Assert.Equal(3, dropped);
        Assert.Equal(["system", "user", "assistant", "user"], prompt.Source!.Messages.Select(m => m.Role));
        Assert.StartsWith("u2", prompt.Source.Messages[1].Content);
    }

    [Fact]
    public void Only_as_much_goes_as_needed()
    {
        var (prompt, dropped) = ContextTruncation.Fit(new CountingModel(60), new ChatPrompt(Conversation), reserve: 10);

        Assert.Equal(5, dropped);
        Assert.Equal(["system", "user"], prompt.Source!.Messages.Select(m => m.Role));
    }

    [Fact]
    public void When_even_the_last_exchange_does_not_fit_the_prompt_is_refused()
    {
        Assert.Throws<ContextLengthExceededException>(() => ContextTruncation.Fit(new CountingModel(12), new ChatPrompt(Conversation), reserve: 4));
    }

    [Theory]
    [InlineData(null, 32768, 1024)]
    [InlineData(16, 32768, 16)]
    [InlineData(4096, 128, 32)]
    public void The_room_kept_to_answer_is_max_output_tokens_at_most_a_quarter_of_the_context(int? max, int context, int expected) =>
        Assert.Equal(expected, ContextTruncation.Reserve(max, context));

    /// <summary>A model whose prompt costs one token per character of content: enough to test where the cut falls.</summary>
    private sealed class CountingModel(int context) : ILanguageModel
    {
        public ModelInfo Info { get; } = new("m", context, "/nowhere", TimeSpan.Zero);

        public GenerationActivity Activity { get; } = new();


        public ModelCapabilities Capabilities { get; } = new(false, false, false, 1, []);

        public RenderedPrompt Render(ChatPrompt prompt)
        {
            var tokens = prompt.Messages.Sum(m => m.Content.Length);
            if (tokens >= context)
                throw new ContextLengthExceededException(tokens, context);
            return new RenderedPrompt("", new int[tokens]) { Source = prompt };
        }

        public long EstimateMemoryBytes(RenderedPrompt prompt, SamplingSettings sampling) => 0;

        public IAsyncEnumerable<OutputEvent> GenerateAsync(RenderedPrompt prompt, SamplingSettings sampling, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Truncation never generates.");
    }
}
