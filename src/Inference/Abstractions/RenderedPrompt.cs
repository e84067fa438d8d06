namespace Responses.Inference;

/// <summary>A prompt after the chat template and the tokenizer: the exact token ids the model will prefill.</summary>
public sealed record RenderedPrompt(string Text, int[] TokenIds)
{
    public int TokenCount => TokenIds.Length;
}
