namespace Responses.Inference.Engine;

/// <summary>
/// Ends a think block the chat template opened once the model has thought about <see cref="Tokens"/> tokens, for
/// models whose folder sets a budget (the embedded model, whose random weights never learned to close the block).
/// Over the last two thirds of the budget the closing tag's logit climbs to the best token's, so sampling closes the
/// block somewhere in that range and greedy decoding where the tag overtakes the best token, just before the budget; once the tag is out the model is left
/// alone. Like llama.cpp's reasoning budget, it needs no context the graph cannot see, which a bias in the weights would.
/// Inside the block the end-of-turn tokens are ruled out: a turn that ends while thinking has no answer.
/// </summary>
/// <param name="CloseToken">The id of the single token "&lt;/think&gt;".</param>
/// <param name="Tokens">Thinking tokens at which the tag is forced.</param>
/// <param name="EndTokens">The model's end-of-sequence ids.</param>
internal sealed record ThinkingBudget(int CloseToken, int Tokens, IReadOnlyList<int> EndTokens)
{
    private const float Ruled = -1e9f;

    /// <summary>The hook for one generation that starts inside a think block.</summary>
    public IStepHook Start() => new Hook(this);

    private sealed class Hook(ThinkingBudget budget) : IStepHook
    {
        private readonly int rampStart = budget.Tokens / 3;
        private int thought;
        private bool closed;

        public bool BeforeSample(Span<float> logits)
        {
            if (closed || (uint)budget.CloseToken >= (uint)logits.Length)
                return false;
            foreach (var end in budget.EndTokens)
            {
                if ((uint)end < (uint)logits.Length)
                    logits[end] = Ruled;
            }

            if (thought < rampStart)
                return true;
            var best = float.NegativeInfinity;
            foreach (var logit in logits)
                best = Math.Max(best, logit);
            // Ten nats below the best at the ramp's start, one above it at the budget, so the tag is certain by then.
            var progress = (float)(thought - rampStart) / Math.Max(1, budget.Tokens - rampStart);
            logits[budget.CloseToken] = Math.Max(logits[budget.CloseToken], best - 10f + 11f * Math.Min(1f, progress));
            return true;
        }

        public void AfterSample(int token, ReadOnlySpan<float> logits)
        {
            thought++;
            closed |= token == budget.CloseToken;
        }
    }
}
