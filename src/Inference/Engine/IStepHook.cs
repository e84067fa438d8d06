namespace Responses.Inference.Engine;

/// <summary>
/// A per-step stage of one sequence: it sees the sequence's next-token logits before the engine samples from them
/// (and may change them: penalties, logit bias), and the token that was picked. Log probabilities, penalties, bias
/// and stop rules plug in here. A sequence without one costs nothing: the loop asks ORT for logits only for the
/// lanes whose rows have a hook.
/// </summary>
internal interface IStepHook
{
    /// <summary>The row's raw next-token logits (vocabulary-sized); returns true when it changed them.</summary>
    bool BeforeSample(Span<float> logits);

    /// <summary>The token the engine picked, with the logits it was picked from (as changed by <see cref="BeforeSample"/>).</summary>
    void AfterSample(int token, ReadOnlySpan<float> logits);
}
