namespace Responses.Inference;

/// <summary>Every generation slot is busy and the wait queue is full: try again after <see cref="RetryAfter"/>.</summary>
public sealed class SchedulerFullException(int running, int queued, TimeSpan retryAfter)
    : Exception($"The server is busy: {running} generation(s) running and {queued} waiting, the most it takes. Retry after {Math.Ceiling(retryAfter.TotalSeconds):0} s.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
