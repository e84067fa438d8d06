namespace Responses.Inference;

/// <summary>Exact token counts: prompt tokens prefilled, tokens generated.</summary>
public readonly record struct TokenUsage(int InputTokens, int OutputTokens)
{
    public int TotalTokens => InputTokens + OutputTokens;
}
