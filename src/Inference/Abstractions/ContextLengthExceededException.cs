namespace Responses.Inference;

/// <summary>The prompt is too long for the model; raised before any generation.</summary>
public sealed class ContextLengthExceededException(int promptTokens, int contextLength)
    : Exception($"The prompt is {promptTokens} tokens, but this model's context is {contextLength} tokens (prompt plus output). Shorten the input.")
{
    public int PromptTokens { get; } = promptTokens;

    public int ContextLength { get; } = contextLength;
}
