using Responses.Inference;

namespace Responses.Server.Pipeline;

/// <summary>Admission of a run, whichever API it came from.</summary>
public static class SchedulerExtensions
{
    public static ValueTask<GenerationLease> AdmitAsync(this IGenerationScheduler scheduler, GenerationRun run, CancellationToken cancellationToken) =>
        scheduler.AdmitAsync(run.Model, run.Prompt, run.Sampling, cancellationToken);
}
