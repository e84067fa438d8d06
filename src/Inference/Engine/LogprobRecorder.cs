namespace Responses.Inference.Engine;

/// <summary>
/// Log probabilities as a step hook: for each picked token, its log-softmax over the logits it was picked from (after
/// penalties and bias, divided by the temperature) and the <c>top</c> most likely tokens, queued for the sequence's
/// decoder, which gives them their text as the token's text goes out (a paused batch row decodes its tokens later,
/// so a queue rather than a slot). One vocabulary-sized pass per token, only for requests that ask.
/// </summary>
internal sealed class LogprobRecorder(int top, double temperature) : IStepHook
{
    private readonly Queue<PickedToken> picked = new();
    private readonly double scale = temperature > 0 ? 1 / temperature : 1;

    public bool BeforeSample(Span<float> logits) => false;

    public void AfterSample(int token, ReadOnlySpan<float> logits)
    {
        // log p(t) = x_t - (max + log Σ exp(x_i - max)), with x = logits / T.
        var max = float.NegativeInfinity;
        foreach (var logit in logits)
            max = Math.Max(max, logit);
        var sum = 0.0;
        foreach (var logit in logits)
            sum += Math.Exp((logit - max) * scale);
        var logSum = Math.Log(sum);

        var best = Top(logits, top);
        var alternatives = new (int Token, double Logprob)[best.Length];
        for (var i = 0; i < best.Length; i++)
            alternatives[i] = (best[i], (logits[best[i]] - max) * scale - logSum);
        var chosen = (uint)token < (uint)logits.Length ? (logits[token] - max) * scale - logSum : double.NegativeInfinity;
        picked.Enqueue(new PickedToken(token, chosen, alternatives));
    }

    /// <summary>The next picked token's figures, in the order the tokens were picked; null when none is queued.</summary>
    public PickedToken? Next() => picked.TryDequeue(out var next) ? next : null;

    /// <summary>The ids of the <paramref name="count"/> largest logits, largest first (ties: the lower id first).</summary>
    private static int[] Top(ReadOnlySpan<float> logits, int count)
    {
        count = Math.Min(count, logits.Length);
        var best = new int[count];
        var filled = 0;
        for (var id = 0; id < logits.Length; id++)
        {
            var value = logits[id];
            if (filled == count && value <= logits[best[filled - 1]])
                continue;
            var at = filled < count ? filled++ : count - 1;
            while (at > 0 && logits[best[at - 1]] < value)
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = id;
        }
        return best;
    }
}

/// <summary>A picked token, its log probability and the most likely alternatives (ids), before they have text.</summary>
internal sealed record PickedToken(int Token, double Logprob, (int Token, double Logprob)[] Top);
