using Responses.Inference.Generation;

namespace Responses.Inference.Batching;

/// <summary>
/// Gathers requests that arrive together into one batch. On an idle model a request starts alone at once (no
/// waiting, and its generator can go to the prompt cache); while others run, a request opens a batch that
/// requests with the same search settings join for up to the window, or until it is full. A batch that found no
/// company hands its one request back to run alone. Static batches: a running batch takes no newcomers, they
/// form the next one.
/// </summary>
internal sealed class BatchCollector(int maxBatchSize, TimeSpan window, Action<IReadOnlyList<BatchRow>> start)
{
    private readonly Lock gate = new();
    private List<BatchRow>? forming;
    private SearchKey formingKey;
    private int inFlight;
    private long rowsBatched;

    /// <summary>Requests that ran in a batch so far (tests and logs read it).</summary>
    public long RowsBatched => Interlocked.Read(ref rowsBatched);

    /// <summary>Whether other generations run besides the caller's (counted in by <see cref="Enter"/>).</summary>
    public bool Busy => Volatile.Read(ref inFlight) > 1;

    /// <summary>Counts a generation (batched or not) in until disposed: what "idle" means here.</summary>
    public InFlight Enter()
    {
        Interlocked.Increment(ref inFlight);
        return new InFlight(this);
    }

    /// <summary>Call after <see cref="Enter"/>. Completes true when the row was started in a batch, false when it must run alone.</summary>
    public Task<bool> Join(BatchRow row)
    {
        var key = SearchKey.Of(row.Plan);
        List<BatchRow>? full = null;
        lock (gate)
        {
            if (forming is null)
            {
                if (!Busy)
                    return Task.FromResult(false);
                forming = [row];
                formingKey = key;
                var batch = forming;
                _ = CloseAfterWindowAsync(batch);
            }
            else if (formingKey != key)
            {
                return Task.FromResult(false);
            }
            else
            {
                forming.Add(row);
                if (forming.Count == maxBatchSize)
                    (full, forming) = (forming, null);
            }
        }
        if (full is not null)
            Start(full);
        return row.Placed;
    }

    private async Task CloseAfterWindowAsync(List<BatchRow> batch)
    {
        await Task.Delay(window).ConfigureAwait(false);
        lock (gate)
        {
            if (!ReferenceEquals(forming, batch))
                return; // it filled up and started
            forming = null;
        }
        Start(batch);
    }

    private void Start(List<BatchRow> batch)
    {
        if (batch.Count == 1)
        {
            batch[0].Place(batched: false);
            return;
        }
        Interlocked.Add(ref rowsBatched, batch.Count);
        foreach (var row in batch)
            row.Place(batched: true);
        start(batch);
    }

    internal readonly struct InFlight(BatchCollector collector) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref collector.inFlight);
    }
}
