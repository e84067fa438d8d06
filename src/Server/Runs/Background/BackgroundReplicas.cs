using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Responses.Server.Errors;
using Responses.Server.Storage;

namespace Responses.Server.Runs.Background;

/// <summary>
/// What this process tells the others on a shared store (PostgreSQL, one SQLite file) about its background
/// responses, and what it learns of theirs: it claims each run it starts, hands over its events every quarter of a
/// heartbeat, says every heartbeat that it still runs them (and learns which another process asked to cancel), and
/// marks each one ended. Another process then answers GET (alive, or failed once the heartbeat expired), cancel (by
/// asking) and resumed streams (from the shared events). On the memory store it does nothing.
/// </summary>
public sealed class BackgroundReplicas(
    SharedBackgroundRuns shared, IOptions<BackgroundOptions> options, ILogger<BackgroundReplicas> logger) : BackgroundService
{
    /// <summary>Real time, not the API's clock: heartbeats are compared across processes, and a test's frozen clock would stop them.</summary>
    private static readonly TimeProvider Clock = TimeProvider.System;

    /// <summary>Events read from the store per query of a resumed stream.</summary>
    private const int ReadBatch = 512;

    private readonly IBackgroundRunStore? store = shared.Store;
    private readonly ConcurrentDictionary<string, Claimed> claimed = new();

    /// <summary>This process among the others on the store.</summary>
    public string Instance { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}"[..^24];

    /// <summary>Whether other processes can see this one's background responses (a shared store).</summary>
    public bool IsShared => store is not null;

    private TimeSpan Heartbeat => TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);

    private long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Claims a run before it is stored as queued, so no other process takes it for one a dead process left.</summary>
    public async Task ClaimAsync(BackgroundRun run, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            return;
        }

        await store.ClaimAsync(run.Id, Instance, NowMs, cancellationToken);
        claimed[run.Id] = new Claimed(run);
    }

    /// <summary>Hands over the run's last events and marks it ended; a store that fails here is logged (the run itself is stored).</summary>
    public async Task EndAsync(BackgroundRun run)
    {
        if (store is null || !claimed.TryRemove(run.Id, out var entry))
        {
            return;
        }

        try
        {
            await FlushAsync(entry, CancellationToken.None);
            await store.EndAsync(run.Id, NowMs, CancellationToken.None);
        }
        catch (StoreUnavailableException exception)
        {
            logger.LogWarning("Background response {ResponseId} ended, but the other processes could not be told: {Message}", run.Id, exception.Message);
        }
    }

    /// <summary>The shared record of a run, or null (no shared store, or no process claimed it).</summary>
    public Task<SharedRunState?> FindAsync(string responseId, CancellationToken cancellationToken) =>
        store is null ? Task.FromResult<SharedRunState?>(null) : store.FindAsync(responseId, cancellationToken);

    /// <summary>A run another process claimed and still says it runs (its heartbeat has not expired).</summary>
    public bool IsAlive(SharedRunState state) =>
        state.EndedMs is null && NowMs - state.HeartbeatMs < options.Value.HeartbeatExpirySeconds * 1000;

    /// <summary>Asks the process that runs it to cancel it; false when no live process runs it.</summary>
    public async Task<bool> RequestCancelAsync(string responseId, CancellationToken cancellationToken) =>
        store is not null && await FindAsync(responseId, cancellationToken) is { } state && IsAlive(state)
        && await store.RequestCancelAsync(responseId, cancellationToken);

    /// <summary>
    /// A run's events from the shared store after <paramref name="startingAfter"/>, then the new ones as its process
    /// hands them over, until its last one (or until its process stops saying it runs it).
    /// </summary>
    public async IAsyncEnumerable<BufferedEvent> ReadAsync(string responseId, int startingAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var store = this.store ?? throw new InvalidOperationException("No shared store.");
        var last = startingAfter;
        var poll = Heartbeat / 4;
        while (true)
        {
            var batch = await store.ReadEventsAsync(responseId, last, ReadBatch, cancellationToken);
            foreach (var streamEvent in batch)
            {
                last++;
                yield return new BufferedEvent(streamEvent.Type, streamEvent.Json);
            }

            if (batch.Count == ReadBatch)
            {
                continue;
            }

            // Read after the events: an end seen here comes after every event it handed over.
            var state = await store.FindAsync(responseId, cancellationToken);
            if (state is null || !IsAlive(state))
            {
                if (state is not null && state.EventCount > last + 1)
                {
                    continue;
                }

                yield break;
            }

            await Task.Delay(poll, Clock, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(Heartbeat / 4, Clock);
        var tick = 0L;
        var lastTrim = Clock.GetUtcNow();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TickAsync(++tick % 4 == 0, stoppingToken);
                if (Clock.GetUtcNow() - lastTrim > TimeSpan.FromMinutes(1))
                {
                    lastTrim = Clock.GetUtcNow();
                    await TrimAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TickAsync(bool heartbeat, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var entry in claimed.Values)
            {
                await FlushAsync(entry, cancellationToken);
            }

            if (heartbeat && !claimed.IsEmpty)
            {
                foreach (var id in await store!.HeartbeatAsync(Instance, claimed.Keys.ToList(), NowMs, cancellationToken))
                {
                    if (claimed.TryGetValue(id, out var entry))
                    {
                        logger.LogInformation("Background response {ResponseId} is cancelled: another server process asked", id);
                        entry.Run.Cancel();
                    }
                }
            }
        }
        catch (StoreUnavailableException exception)
        {
            // Tried again next tick; a store down past the expiry makes the others take these runs for dead, as they are to them.
            logger.LogWarning("Could not tell the other server processes about the background responses running here: {Message}", exception.Message);
        }
    }

    private async Task FlushAsync(Claimed entry, CancellationToken cancellationToken)
    {
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            var events = entry.Run.Events.From(entry.Handed);
            if (events.Count == 0)
            {
                return;
            }

            await store!.AppendEventsAsync(entry.Run.Id, entry.Handed, events.Select(e => new SharedEvent(e.Type, e.Json)).ToList(), cancellationToken);
            entry.Handed += events.Count;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task TrimAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store!.TrimAsync(NowMs - (long)(options.Value.KeepFinishedSeconds * 1000), cancellationToken);
        }
        catch (StoreUnavailableException exception)
        {
            logger.LogWarning("Could not drop the events of old background responses: {Message}", exception.Message);
        }
    }

    /// <summary>A run this process claimed: how many of its events it has handed over, and a gate so one flush runs at a time.</summary>
    private sealed class Claimed(BackgroundRun run)
    {
        public BackgroundRun Run { get; } = run;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Handed { get; set; }
    }
}
