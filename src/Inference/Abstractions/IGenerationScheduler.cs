namespace Responses.Inference;

/// <summary>
/// Owns every generation: admits it when a slot and enough memory are free (in arrival order), queues it up to a
/// bound otherwise, refuses it at once when the queue is full, and stops them all at shutdown. What it admitted, the
/// model's engine runs at once (batched, continued from its prompt cache): there is no other queue.
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

    /// <summary>As above; with <see cref="QueueFullPolicy.Wait"/>, a full queue is waited in instead of refused (work no client waits on, such as a background response).</summary>
    ValueTask<GenerationLease> AdmitAsync(ILanguageModel model, RenderedPrompt prompt, SamplingSettings sampling, QueueFullPolicy whenFull, CancellationToken cancellationToken);

    /// <summary>
    /// Shutdown: refuses new and queued generations, lets running ones finish for up to <paramref name="grace"/>,
    /// then stops the rest (their streams end with <see cref="SchedulerStoppedException"/>) and waits for them.
    /// </summary>
    Task DrainAsync(TimeSpan grace, CancellationToken cancellationToken);
}

/// <summary>A snapshot of the scheduler, for logs, health and tests.</summary>
public readonly record struct SchedulerStatus(int Running, int Queued, long ReservedBytes, bool Draining);

/// <summary>What admission does when every slot is busy and the queue is full.</summary>
public enum QueueFullPolicy
{
    /// <summary>Refuse at once (<see cref="SchedulerFullException"/>, a 429 with Retry-After): a client is waiting.</summary>
    Refuse,

    /// <summary>Wait in the queue anyway, in order: nobody waits on the answer, and its own count is bounded elsewhere.</summary>
    Wait,
}
