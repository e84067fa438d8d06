namespace Responses.Inference;

/// <summary>
/// A prompt after the chat template and the tokenizer: the exact token ids the model will prefill, and the output
/// rules of the <see cref="ChatPrompt"/> it came from (tools, tool choice, format), which the generation applies.
/// </summary>
public sealed record RenderedPrompt(string Text, int[] TokenIds)
{
    public int TokenCount => TokenIds.Length;

    /// <summary>The prompt this was rendered from (its tools, tool choice and format); null for a bare text prompt.</summary>
    public ChatPrompt? Source { get; init; }
}
