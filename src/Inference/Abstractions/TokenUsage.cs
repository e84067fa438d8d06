namespace Responses.Inference;

/// <summary>Exact token counts: prompt tokens prefilled, tokens generated, and of those the thinking ones.</summary>
public readonly record struct TokenUsage(int InputTokens, int OutputTokens, int ReasoningTokens = 0)
{
    public int TotalTokens => InputTokens + OutputTokens;
}
