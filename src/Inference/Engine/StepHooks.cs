namespace Responses.Inference.Engine;

/// <summary>Several step stages as one, in order: each sees the logits as the ones before it left them.</summary>
internal sealed class StepHooks(IStepHook first, IStepHook second) : IStepHook
{
    /// <summary>The hooks given, as one; null when none is given.</summary>
    public static IStepHook? Combine(IStepHook? first, IStepHook? second) =>
        first is null ? second : second is null ? first : new StepHooks(first, second);

    public bool BeforeSample(Span<float> logits) => first.BeforeSample(logits) | second.BeforeSample(logits);

    public void AfterSample(int token, ReadOnlySpan<float> logits)
    {
        first.AfterSample(token, logits);
        second.AfterSample(token, logits);
    }
}
