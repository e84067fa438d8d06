namespace Responses.Inference;

/// <summary>
/// The scheduler is shutting down: it refuses new and queued generations, and this is also how a running
/// generation ends when the shutdown grace period runs out before it does.
/// </summary>
public sealed class SchedulerStoppedException(string message) : Exception(message);
