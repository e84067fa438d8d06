namespace Responses.Server.Storage;

/// <summary>
/// What server processes sharing one store (PostgreSQL, or one SQLite file) tell each other about background
/// responses: which process runs each one and when it last said so (its heartbeat), cancellations asked of it by
/// another process, and its stream events, so any process can answer GET, cancel and a resumed stream. The memory
/// store has none: nothing else can see it.
/// </summary>
public interface IBackgroundRunStore
{
    /// <summary>Records that <paramref name="instance"/> runs the response, alive as of <paramref name="nowMs"/>.</summary>
    Task ClaimAsync(string responseId, string instance, long nowMs, CancellationToken cancellationToken);

    /// <summary>Refreshes the heartbeat of the instance's running responses; returns those another process asked to cancel.</summary>
    Task<IReadOnlyList<string>> HeartbeatAsync(string instance, IReadOnlyCollection<string> responseIds, long nowMs, CancellationToken cancellationToken);

    /// <summary>Appends events after those already kept (their sequence numbers are <paramref name="firstSequence"/> on).</summary>
    Task AppendEventsAsync(string responseId, int firstSequence, IReadOnlyList<SharedEvent> events, CancellationToken cancellationToken);

    /// <summary>Marks the run ended (its last event appended) as of <paramref name="nowMs"/>.</summary>
    Task EndAsync(string responseId, long nowMs, CancellationToken cancellationToken);

    /// <summary>The run's record, or null when no process ever claimed it (or its record was trimmed).</summary>
    Task<SharedRunState?> FindAsync(string responseId, CancellationToken cancellationToken);

    /// <summary>Asks the process that runs it to cancel it; false when there is no record of it running.</summary>
    Task<bool> RequestCancelAsync(string responseId, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> events after sequence number <paramref name="startingAfter"/>, in order.</summary>
    Task<IReadOnlyList<SharedEvent>> ReadEventsAsync(string responseId, int startingAfter, int max, CancellationToken cancellationToken);

    /// <summary>Drops the records and events of runs that ended before <paramref name="endedBeforeMs"/>; how many runs.</summary>
    Task<int> TrimAsync(long endedBeforeMs, CancellationToken cancellationToken);
}

/// <summary>A background run's shared record.</summary>
/// <param name="Instance">The process that runs (or ran) it.</param>
/// <param name="HeartbeatMs">When that process last said it runs it (Unix milliseconds).</param>
/// <param name="EndedMs">When it ended, or null while it runs.</param>
/// <param name="CancelRequested">Another process asked for it to be cancelled.</param>
/// <param name="EventCount">How many of its events are kept so far (the last one's sequence number is one less).</param>
public sealed record SharedRunState(string Instance, long HeartbeatMs, long? EndedMs, bool CancelRequested, int EventCount);

/// <summary>One stream event as every reader gets it: its SSE event name and its JSON bytes.</summary>
public readonly record struct SharedEvent(string Type, ReadOnlyMemory<byte> Json);

/// <summary>The configured store's shared background runs, or none (the memory store: no other process can see it).</summary>
public sealed record SharedBackgroundRuns(IBackgroundRunStore? Store);
