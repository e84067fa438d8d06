namespace Responses.Server.Storage;

/// <summary>
/// Where finished responses are kept, behind one interface for every backend (memory, SQLite, PostgreSQL). Safe
/// for concurrent use. Ids are unique: a save of an id that exists replaces it.
/// </summary>
public interface IResponseStore
{
    /// <summary>
    /// False while the store is known to be down (its circuit is open): requests that need it are refused with 503
    /// before any work, instead of failing at the end.
    /// </summary>
    bool IsAvailable { get; }

    /// <summary>Keeps a response; durable when the task completes (a response is acknowledged to its client only after).</summary>
    /// <exception cref="StoreUnavailableException">The backend cannot be reached or written, after retries.</exception>
    Task SaveAsync(StoredResponse response, CancellationToken cancellationToken);

    /// <summary>The response, or null when it does not exist, was deleted or evicted.</summary>
    /// <exception cref="StoreUnavailableException">The backend cannot be reached, after retries.</exception>
    Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Deletes a response; false when there was none.</summary>
    /// <exception cref="StoreUnavailableException">The backend cannot be reached or written, after retries.</exception>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}
