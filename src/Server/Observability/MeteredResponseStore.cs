using Responses.Server.Storage;

namespace Responses.Server.Observability;

/// <summary>
/// Counts what reaches the store. No backend can count its rows cheaply (PostgreSQL's count is a scan of a table
/// shared by replicas), so /metrics shows saves and deletes, not a size; evictions by age or LRU are not seen here.
/// </summary>
public sealed class MeteredResponseStore(IResponseStore inner, ServerMetrics metrics) : IResponseStore, IAsyncDisposable, IDisposable
{
    public bool IsAvailable => inner.IsAvailable;

    public async Task<bool> SaveAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        // A save the store refused (its parent is gone) is made again self-contained: that one counts.
        var saved = await inner.SaveAsync(response, cancellationToken);
        if (saved)
        {
            metrics.StoreSaves.Inc();
        }

        return saved;
    }

    public Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

    public Task<StoredChain?> FindChainAsync(string id, CancellationToken cancellationToken) => inner.FindChainAsync(id, cancellationToken);

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var deleted = await inner.DeleteAsync(id, cancellationToken);
        if (deleted)
        {
            metrics.StoreDeletes.Inc();
        }

        return deleted;
    }

    /// <summary>The container disposes only what it was given, this decorator: the backend's file or pool goes with it.</summary>
    public ValueTask DisposeAsync() => StoreDisposal.DisposeAsync(inner);

    public void Dispose() => StoreDisposal.Dispose(inner);
}
