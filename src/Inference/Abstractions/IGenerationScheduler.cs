namespace Responses.Inference;

/// <summary>
/// Owns every generation: admits it when a slot and enough memory are free (in arrival order), queues it up to a
/// bound otherwise, refuses it at once when the queue is full, and stops them all at shutdown. Prompt caching and
/// batching plug in here later, behind the same lease.
/// </summary>
public interface IGenerationScheduler
{
    SchedulerStatus Status { get; }

    /// <summary>
    /// Waits for a slot. Cancelling <paramref name="cancellationToken"/> while waiting leaves the queue.
    /// </summary>
    /// <exception cref="SchedulerFullException">Every slot is busy and the queue is full.</exception>
    /// <exception cref="SchedulerStoppedException">The scheduler is shutting down.</exception>
    ValueTask<GenerationLease> AdmitAsync(ILanguageModel model, RenderedPrompt prompt, SamplingSettings sampling, CancellationToken cancellationToken);

    /// <summary>
    /// Shutdown: refuses new and queued generations, lets running ones finish for up to <paramref name="grace"/>,
    /// then stops the rest (their streams end with <see cref="SchedulerStoppedException"/>) and waits for them.
    /// </summary>
    Task DrainAsync(TimeSpan grace, CancellationToken cancellationToken);
}

/// <summary>A snapshot of the scheduler, for logs, health and tests.</summary>
public readonly record struct SchedulerStatus(int Running, int Queued, long ReservedBytes, bool Draining);
