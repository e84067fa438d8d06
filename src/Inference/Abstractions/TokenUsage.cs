namespace Responses.Inference;

/// <summary>Exact token counts: prompt tokens, tokens generated, and of those the thinking ones.</summary>
public readonly record struct TokenUsage(int InputTokens, int OutputTokens, int ReasoningTokens = 0)
{
    /// <summary>Of the prompt tokens, those whose KV state came from the prompt cache instead of a prefill.</summary>
    public int CachedTokens { get; init; }

    public int TotalTokens => InputTokens + OutputTokens;
}
