namespace Responses.Inference.Engine;

/// <summary>
/// <see cref="LogitRules"/> (OpenAI's penalties and logit bias) as a step hook, over the tokens this sequence
/// generated. Only the tokens generated so far and the biased ones are touched, so a step costs what the sequence
/// generated, not the vocabulary. A request without any of these gets no hook and pays nothing.
/// </summary>
internal sealed class LogitAdjustments : IStepHook
{
    private readonly float presence;
    private readonly float frequency;
    private readonly KeyValuePair<int, float>[] bias;
    private readonly Dictionary<int, int> counts = [];

    private LogitAdjustments(LogitRules rules)
    {
        presence = (float)rules.PresencePenalty;
        frequency = (float)rules.FrequencyPenalty;
        bias = rules.Bias?.ToArray() ?? [];
    }

    /// <summary>The hook <paramref name="sampling"/> asks for, or null when it changes no logit.</summary>
    public static IStepHook? For(SamplingSettings sampling) => sampling.Logits.ChangesLogits ? new LogitAdjustments(sampling.Logits) : null;

    public bool BeforeSample(Span<float> logits)
    {
        foreach (var (token, bonus) in bias)
        {
            // A token outside this model's vocabulary has no logit to move (the API checks ids it can).
            if ((uint)token < (uint)logits.Length)
                logits[token] += bonus;
        }

        foreach (var (token, count) in counts)
        {
            if ((uint)token < (uint)logits.Length)
                logits[token] -= presence + frequency * count;
        }

        return bias.Length > 0 || counts.Count > 0;
    }

    public void AfterSample(int token, ReadOnlySpan<float> logits) =>
        counts[token] = counts.TryGetValue(token, out var count) ? count + 1 : 1;
}
