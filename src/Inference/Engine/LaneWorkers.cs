namespace Responses.Inference.Engine;

/// <summary>
/// Runs the native part of several lanes' steps at once when one model run leaves cores idle (a model that runs on
/// one thread, on a machine with more): the loop's thread takes lanes itself and helper threads take the others,
/// and the loop waits for all of them before it goes on. A generator is still touched by one thread at a time, and
/// every decision (placing, delivering, keeping, retiring) stays on the loop. Nothing is allocated per step.
/// </summary>
internal sealed class LaneWorkers : IDisposable
{
    private readonly Thread[] helpers;
    private readonly SemaphoreSlim start = new(0);
    private readonly ManualResetEventSlim done = new(false);
    private List<Lane> work = [];
    private Action<Lane> action = static _ => { };
    private int next;
    private int running;
    private volatile bool stopping;
    private long parallelPasses;

    /// <param name="degree">Lanes stepped at once at most (the loop's thread included); 1: no helper threads.</param>
    public LaneWorkers(int degree, string modelId)
    {
        Degree = Math.Max(1, degree);
        helpers = new Thread[Degree - 1];
        for (var i = 0; i < helpers.Length; i++)
        {
            helpers[i] = new Thread(Help) { IsBackground = true, Name = $"engine {modelId} {i + 2}" };
            helpers[i].Start();
        }
    }

    public int Degree { get; }

    /// <summary>Passes in which more than one lane's run went at once (tests read it).</summary>
    public long ParallelPasses => Interlocked.Read(ref parallelPasses);

    /// <summary>Whether the calling thread is one of the helpers (a reader's code may run inline on it).</summary>
    public bool OnHelperThread => Array.IndexOf(helpers, Thread.CurrentThread) >= 0;

    /// <summary>
    /// Runs <paramref name="step"/> for every lane of <paramref name="lanes"/>, up to <see cref="Degree"/> at once,
    /// and returns when all are done. The step must not throw (it keeps a failure in its lane) and must touch only
    /// its lane and that lane's rows.
    /// </summary>
    public void Run(List<Lane> lanes, Action<Lane> step)
    {
        var woken = Math.Min(helpers.Length, lanes.Count - 1);
        if (woken <= 0)
        {
            foreach (var lane in lanes)
                step(lane);
            return;
        }
        Interlocked.Increment(ref parallelPasses);
        work = lanes;
        action = step;
        next = 0;
        running = woken;
        done.Reset();
        start.Release(woken);
        Take();
        done.Wait();
    }

    public void Dispose()
    {
        stopping = true;
        if (helpers.Length > 0)
            start.Release(helpers.Length);
        foreach (var helper in helpers)
            helper.Join(TimeSpan.FromSeconds(5));
    }

    private void Help()
    {
        while (true)
        {
            start.Wait();
            if (stopping)
                return;
            Take();
            if (Interlocked.Decrement(ref running) == 0)
                done.Set();
        }
    }

    private void Take()
    {
        int index;
        while ((index = Interlocked.Increment(ref next) - 1) < work.Count)
            action(work[index]);
    }
}
