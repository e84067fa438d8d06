using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Responses.Inference.Native;

namespace Responses.Inference.Engine;

/// <summary>
/// The one thread that runs a model: every generator is created, stepped, kept and freed here, and nowhere else.
/// Each turn of the loop takes what other threads asked for (new sequences, cancellations, readers that caught up),
/// places waiting sequences into lanes (<see cref="LanePlanner"/>), prefills one chunk of each lane still
/// prefilling, steps each lane with a row to serve once, and retires what ended. A lane whose rows are all paused
/// on slow readers is not stepped; with nothing to do the thread sleeps (no CPU) until woken or until the next
/// deadline (a batch window, a stall timeout). Every native call blocks, which is why this is a thread of its
/// own and not the thread pool's.
/// </summary>
internal sealed class StepLoop : IDisposable
{
    private static readonly TimeSpan JoinWait = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<Sequence> arrivals = new();
    private readonly ConcurrentQueue<Sequence> wakes = new();
    private readonly ManualResetEventSlim signal = new(false);
    private readonly LanePlanner planner;
    private readonly LaneRunner runner;
    private readonly LaneWorkers workers;
    private readonly EngineSettings settings;
    private readonly IdleMemoryRelease? release;
    private readonly ILogger logger;
    private readonly List<Sequence> pending = [];
    private readonly List<Lane> lanes = [];
    private readonly Thread thread;
    private volatile bool stopping;
    private bool ranSinceRelease;

    /// <summary>When the loop last had work: memory is returned only after <see cref="EngineSettings.ReleaseDelay"/> of quiet.</summary>
    private long lastWorkAt;

    public StepLoop(LanePlanner planner, LaneRunner runner, LaneWorkers workers, EngineSettings settings, IdleMemoryRelease? release, string modelId, ILogger logger)
    {
        this.planner = planner;
        this.runner = runner;
        this.workers = workers;
        this.settings = settings;
        this.release = release;
        this.logger = logger;
        thread = new Thread(Run) { IsBackground = true, Name = $"engine {modelId}" };
        thread.Start();
    }

    /// <summary>Any thread: hands a sequence to the loop.</summary>
    /// <exception cref="ObjectDisposedException">The loop has stopped.</exception>
    public void Submit(Sequence sequence)
    {
        ObjectDisposedException.ThrowIf(stopping, this);
        arrivals.Enqueue(sequence);
        signal.Set();
        // Stopped between the check and the enqueue: the loop's exit may have missed it.
        if (stopping && !thread.IsAlive)
            sequence.Fail(new ObjectDisposedException(nameof(StepLoop)));
    }

    /// <summary>Any thread: the sequence's reader caught up, or it was cancelled.</summary>
    public void Wake(Sequence sequence)
    {
        wakes.Enqueue(sequence);
        signal.Set();
    }

    /// <summary>Stops the loop: every sequence in it ends with a cancellation, every generator is freed; false when it did not stop in time.</summary>
    public bool Stop()
    {
        stopping = true;
        signal.Set();
        if (thread == Thread.CurrentThread || workers.OnHelperThread)
            return false; // a reader running inline on the loop disposed the model: the loop exits after this turn
        if (thread.Join(JoinWait))
            return true;
        logger.LogError("The engine's loop did not stop within {Wait}; its generators are left to the process exit.", JoinWait);
        return false;
    }

    public void Dispose()
    {
        if (Stop())
            signal.Dispose();
    }

    private void Run()
    {
        try
        {
            while (!stopping)
            {
                signal.Reset();
                TakeArrivals();
                TakeWakes();
                if (stopping)
                    break;
                var now = Stopwatch.GetTimestamp();
                runner.Sweep(lanes, now);
                planner.Place(pending, lanes, now);
                var worked = runner.Prefill(lanes);
                worked |= runner.Decode(lanes);
                runner.Retire(lanes);
                ranSinceRelease |= worked;
                if (worked)
                    lastWorkAt = now;
                else
                    Idle(now);
            }
        }
        catch (Exception ex)
        {
            // A bug in the loop itself (a lane's native failure ends only that lane): nothing can be trusted any more.
            logger.LogError(ex, "The engine's loop failed; every generation on this model ends.");
            stopping = true;
        }
        finally
        {
            Shutdown();
        }
    }

    private void TakeArrivals()
    {
        while (arrivals.TryDequeue(out var sequence))
        {
            if (planner.Batchable(sequence))
                pending.Add(sequence);
            else
                planner.PlaceLone(sequence, lanes);
        }
    }

    private void TakeWakes()
    {
        while (wakes.TryDequeue(out var sequence))
        {
            if (!sequence.CancelRequested)
                runner.Resume(sequence, lanes);
        }
    }

    /// <summary>
    /// Nothing ran this turn: release memory once the model has been idle for the release delay (not between
    /// back-to-back requests, which would fault it all in again), else sleep until woken or the next deadline.
    /// </summary>
    private void Idle(long now)
    {
        if (ReleaseDue() && now - lastWorkAt >= Ticks(settings.ReleaseDelay) && arrivals.IsEmpty)
        {
            ranSinceRelease = false;
            release!.Run();
            return; // look again before sleeping: a request may have come in meanwhile
        }
        var wait = NextDeadline(now);
        if (wait != TimeSpan.Zero)
            signal.Wait(wait);
    }

    /// <summary>How long the loop may sleep: until a waiting batch's window closes or a paused reader's stall timeout.</summary>
    private TimeSpan NextDeadline(long now)
    {
        var deadline = ReleaseDue() ? lastWorkAt + Ticks(settings.ReleaseDelay) : long.MaxValue;
        if (pending.Count > 0)
            deadline = pending[0].ArrivedAt + Ticks(settings.BatchWindow);
        foreach (var lane in lanes)
        {
            foreach (var row in lane.Rows)
            {
                if (row is { Paused: true })
                    deadline = Math.Min(deadline, row.PausedSince + Ticks(settings.StallTimeout));
            }
        }
        if (deadline == long.MaxValue)
            return Timeout.InfiniteTimeSpan;
        var left = Stopwatch.GetElapsedTime(now, deadline);
        return left <= TimeSpan.Zero ? TimeSpan.Zero : left + TimeSpan.FromMilliseconds(1);
    }

    private bool ReleaseDue() => lanes.Count == 0 && pending.Count == 0 && ranSinceRelease && release is not null;

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Ends every sequence the loop holds or was handed, and frees every generator, on this thread.</summary>
    private void Shutdown()
    {
        stopping = true;
        var stopped = new OperationCanceledException("The model was disposed; the generation was stopped.");
        while (arrivals.TryDequeue(out var sequence))
            sequence.Fail(stopped);
        foreach (var sequence in pending)
            sequence.Fail(stopped);
        pending.Clear();
        LaneRunner.FailAll(lanes, stopped);
        planner.Dispose();
    }
}
