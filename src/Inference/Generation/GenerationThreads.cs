namespace Responses.Inference.Generation;

/// <summary>
/// Dedicated threads for generations, kept between them. Every ORT GenAI call blocks, so a generation needs a
/// thread of its own (never the thread pool's); starting a new one per request cost 0.3-0.5 ms before the first
/// native call, and several ms on a busy machine. A generation takes the thread that finished last (its stack is
/// warm) or starts one when all are busy, so there are never fewer threads than generations; a thread idle for
/// <see cref="IdleTimeout"/> ends.
/// </summary>
internal sealed class GenerationThreads : IDisposable
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private readonly List<Worker> idle = [];
    private bool disposed;

    /// <summary>Threads waiting for a generation (tests read it).</summary>
    public int IdleCount
    {
        get
        {
            lock (gate)
                return idle.Count;
        }
    }

    /// <summary>Runs <paramref name="work"/> on a generation thread; the task ends when it has returned.</summary>
    /// <remarks>
    /// The task's continuations run on that thread, as a long-running task's did: the caller's code after the
    /// generation (the response's last bytes) goes on without waiting for a thread-pool thread to wake up.
    /// </remarks>
    public Task Run(Action work)
    {
        var item = new WorkItem(work);
        Worker? worker = null;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (idle.Count > 0)
            {
                worker = idle[^1];
                idle.RemoveAt(idle.Count - 1);
                worker.Assigned = item;
            }
        }

        if (worker is null)
            Worker.Start(this, item);
        else
            worker.Signal.Release();
        return item.Done.Task;
    }

    public void Dispose()
    {
        Worker[] waiting;
        lock (gate)
        {
            disposed = true;
            waiting = [.. idle];
            idle.Clear();
        }

        foreach (var worker in waiting)
            worker.Signal.Release(); // nothing assigned: it ends
    }

    /// <summary>After a generation: waits for the next one, or ends when none came in time (false).</summary>
    private bool Park(Worker worker)
    {
        lock (gate)
        {
            if (disposed)
                return false;
            idle.Add(worker);
        }

        if (worker.Signal.Wait(IdleTimeout))
            return worker.Assigned is not null;
        lock (gate)
        {
            // Still listed: nobody took it, so it ends. Not listed: a generation was assigned just now.
            if (idle.Remove(worker))
                return false;
        }

        worker.Signal.Wait();
        return worker.Assigned is not null;
    }

    private sealed class WorkItem(Action work)
    {
        public Action Work { get; } = work;

        public TaskCompletionSource Done { get; } = new();
    }

    private sealed class Worker
    {
        private readonly GenerationThreads owner;

        private Worker(GenerationThreads owner, WorkItem first)
        {
            this.owner = owner;
            Assigned = first;
        }

        public SemaphoreSlim Signal { get; } = new(0);

        /// <summary>Set under the owner's lock before <see cref="Signal"/> is released.</summary>
        public WorkItem? Assigned { get; set; }

        public static void Start(GenerationThreads owner, WorkItem first)
        {
            var worker = new Worker(owner, first);
            new Thread(worker.Loop) { IsBackground = true, Name = "generation" }.Start();
        }

        private void Loop()
        {
            try
            {
                do
                {
                    var item = Assigned!;
                    Assigned = null;
                    try
                    {
                        item.Work();
                        item.Done.SetResult();
                    }
                    catch (Exception ex)
                    {
                        item.Done.SetException(ex);
                    }
                }
                while (owner.Park(this));
            }
            finally
            {
                Signal.Dispose();
            }
        }
    }
}
