using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Responses.Inference.Scheduling;

/// <summary>
/// Admission control for generations, the only queue a request waits in: at most N at once and within a memory
/// budget, a bounded FIFO queue behind them, immediate refusal beyond it (a background run may wait beyond it
/// instead), and a drain for shutdown. It spans the process's models, which share its cores and memory; each
/// model's engine runs what was admitted at once. One lock guards the counters and the queue; it is taken per
/// request, never per token. Times are real (Stopwatch), not the injected clock: a test's frozen clock must not
/// freeze a shutdown's grace period.
/// </summary>
public sealed class GenerationScheduler : IGenerationScheduler, IDisposable
{
    private readonly Lock gate = new();
    private readonly LinkedList<Waiter> queue = new();
    private readonly int maxConcurrency;
    private readonly int queueLength;
    private readonly long memoryBudget;
    private readonly ILogger<GenerationScheduler> logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int running;
    private long reservedBytes;
    private bool draining;
    private double averageSeconds = 1; // moving average of how long a slot is held, for Retry-After

    public GenerationScheduler(IOptions<SchedulerOptions> options, ILogger<GenerationScheduler> logger)
    {
        maxConcurrency = options.Value.ResolveMaxConcurrency();
        queueLength = options.Value.QueueLength;
        memoryBudget = options.Value.ResolveMemoryBudgetBytes();
        this.logger = logger;
        logger.LogInformation(
            "Scheduler: {MaxConcurrency} generation(s) at once, {QueueLength} may wait, {Budget} MiB for their KV caches.",
            maxConcurrency, queueLength, memoryBudget / (1024 * 1024));
    }

    public SchedulerStatus Status
    {
        get
        {
            lock (gate)
                return new SchedulerStatus(running, queue.Count, reservedBytes, draining);
        }
    }

    public ValueTask<GenerationLease> AdmitAsync(
        ILanguageModel model, RenderedPrompt prompt, SamplingSettings sampling, CancellationToken cancellationToken) =>
        AdmitAsync(model, prompt, sampling, QueueFullPolicy.Refuse, cancellationToken);

    public async ValueTask<GenerationLease> AdmitAsync(
        ILanguageModel model, RenderedPrompt prompt, SamplingSettings sampling, QueueFullPolicy whenFull, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        cancellationToken.ThrowIfCancellationRequested();
        var bytes = model.EstimateMemoryBytes(prompt, sampling);
        var arrived = Stopwatch.GetTimestamp();
        Waiter waiter;
        LinkedListNode<Waiter> node;
        lock (gate)
        {
            if (draining)
                throw Stopped();
            if (queue.Count == 0 && Fits(bytes))
            {
                Take(bytes);
                return Lease(model, prompt, sampling, bytes, TimeSpan.Zero);
            }
            if (queue.Count >= queueLength && whenFull == QueueFullPolicy.Refuse)
                throw new SchedulerFullException(running, queue.Count, RetryAfter());
            waiter = new Waiter(bytes);
            node = queue.AddLast(waiter);
        }

        // A client that leaves while waiting leaves the queue; if it was promoted in the same instant, the slot it
        // got is handed back below.
        await using (cancellationToken.Register(() => Abandon(node)))
        {
            try
            {
                await waiter.Admitted.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }

        var lease = Lease(model, prompt, sampling, bytes, Stopwatch.GetElapsedTime(arrived));
        if (cancellationToken.IsCancellationRequested)
        {
            await lease.DisposeAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        return lease;
    }

    public async Task DrainAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        Waiter[] refused;
        lock (gate)
        {
            draining = true;
            refused = [.. queue];
            queue.Clear();
            if (running == 0)
                idle.TrySetResult();
        }
        foreach (var waiter in refused)
            waiter.Admitted.TrySetException(Stopped());

        var status = Status;
        if (status.Running > 0)
            logger.LogInformation("Shutting down: waiting up to {Grace:0.#} s for {Running} generation(s) to finish.", grace.TotalSeconds, status.Running);
        if (!await Finished(grace, cancellationToken).ConfigureAwait(false))
        {
            logger.LogWarning("Shutting down: stopping {Running} generation(s) that outlasted the grace period.", Status.Running);
            await stopping.CancelAsync().ConfigureAwait(false);
            await Finished(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => stopping.Dispose();

    private async Task<bool> Finished(TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await idle.Task.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private GenerationLease Lease(ILanguageModel model, RenderedPrompt prompt, SamplingSettings sampling, long bytes, TimeSpan waited) =>
        new(model, prompt, sampling, bytes, waited, Stopwatch.GetTimestamp(), stopping.Token, Release, Resize);

    private bool Fits(long bytes) =>
        running < maxConcurrency && (running == 0 || reservedBytes + bytes <= memoryBudget);

    private void Take(long bytes)
    {
        running++;
        reservedBytes += bytes;
    }

    private void Release(GenerationLease lease)
    {
        var held = Stopwatch.GetElapsedTime(lease.AdmittedAt);
        lock (gate)
        {
            running--;
            reservedBytes -= lease.Bytes;
            averageSeconds += (held.TotalSeconds - averageSeconds) * 0.2;
            AdmitWaiters();
            if (draining && running == 0)
                idle.TrySetResult();
        }
    }

    /// <summary>
    /// The engine placed the generation: its share becomes what its lane allocates. Growing past the budget is refused
    /// (the engine then runs the row elsewhere) unless forced: a lane already allocated is what it is, and the budget
    /// must count it. Shrinking may let the next in line in.
    /// </summary>
    private bool Resize(GenerationLease lease, long bytes, bool force)
    {
        lock (gate)
        {
            var growth = bytes - lease.Bytes;
            if (growth > 0 && !force && running > 1 && reservedBytes + growth > memoryBudget)
                return false;
            reservedBytes += growth;
            lease.Bytes = bytes;
            AdmitWaiters();
            return true;
        }
    }

    /// <summary>Admits waiters from the head of the queue, in order, while they fit. Call under the lock.</summary>
    private void AdmitWaiters()
    {
        while (queue.First is { } first && Fits(first.Value.Bytes))
        {
            queue.RemoveFirst();
            Take(first.Value.Bytes);
            first.Value.Admitted.TrySetResult();
        }
    }

    private void Abandon(LinkedListNode<Waiter> node)
    {
        lock (gate)
        {
            if (node.List is null)
                return; // already admitted: the caller hands the slot back
            queue.Remove(node);
        }
        node.Value.Admitted.TrySetCanceled();
    }

    /// <summary>When a slot is likely free again: the queue ahead, spread over the slots, at the recent hold time.</summary>
    private TimeSpan RetryAfter()
    {
        var seconds = Math.Ceiling(averageSeconds * (queue.Count + 1) / maxConcurrency);
        return TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 60));
    }

    private static SchedulerStoppedException Stopped() => new("The server is shutting down and accepts no new generations.");

    private sealed class Waiter(long bytes)
    {
        public long Bytes { get; } = bytes;

        public TaskCompletionSource Admitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
