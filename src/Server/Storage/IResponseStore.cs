using System.Text.Json;

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

    /// <summary>
    /// Keeps a response; durable when the task completes (a response is acknowledged to its client only after). One
    /// with a <see cref="StoredResponse.ParentId"/> is kept only under a parent the store still holds for the same
    /// owner (live, or kept for another response's chain), and only where it stays: a save never moves a response
    /// that others continue to another parent. Otherwise nothing is saved and the result is false: the caller saves
    /// it self-contained instead.
    /// </summary>
    /// <returns>True when saved; false when its parent is not there (or it would move), and nothing changed.</returns>
    /// <exception cref="StoreUnavailableException">The backend cannot be reached or written, after retries.</exception>
    Task<bool> SaveAsync(StoredResponse response, CancellationToken cancellationToken);

    /// <summary>The response, or null when it does not exist, was deleted or evicted.</summary>
    /// <exception cref="StoreUnavailableException">The backend cannot be reached, after retries.</exception>
    Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// The response and the item lists of every response it continues, oldest first, in one read; null when the
    /// response does not exist, was deleted or evicted. Earlier responses that were deleted or evicted since are
    /// still there: the store keeps their items as long as a response it holds continues them.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The backend cannot be reached, after retries.</exception>
    Task<StoredChain?> FindChainAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a response; false when there was none. Its items stay, unseen, while a response the store holds
    /// continues it, and go with the last of those.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The backend cannot be reached or written, after retries.</exception>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}

/// <summary>
/// A finished response as the store keeps it: the Response exactly as the client received it, and its part of the
/// conversation a continuation replays (its input items, each with an id, then its output items). A response that
/// continues a stored one points at it instead of copying its chain, so a chain of N turns keeps N parts, not N².
/// </summary>
/// <param name="Id">"resp_…".</param>
/// <param name="ResponseJson">The Response object's UTF-8 JSON, byte for byte what create returned (or the terminal event carried).</param>
/// <param name="InputItemsJson">
/// A JSON array of input items, each with an "id": this request's input when <paramref name="ParentId"/> is set;
/// otherwise the whole chain it continued, then this request's input (self-contained).
/// </param>
/// <param name="OutputItemsJson">A JSON array of the Response's output items (replayed after the inputs when a request continues it).</param>
/// <param name="CreatedAt">Unix seconds (the Response's created_at), for eviction by age.</param>
/// <param name="Owner">The owner id of the API key that created it (null when the server had no keys); only that key sees it.</param>
/// <param name="ParentId">
/// The stored response it continues, whose chain comes before its input items; null when it continues none, or one
/// the store does not hold (a WebSocket connection's store: false response), whose chain its input items then hold.
/// </param>
public sealed record StoredResponse(
    string Id,
    ReadOnlyMemory<byte> ResponseJson,
    ReadOnlyMemory<byte> InputItemsJson,
    ReadOnlyMemory<byte> OutputItemsJson,
    long CreatedAt,
    string? Owner = null,
    string? ParentId = null)
{
    /// <summary>What the entry costs a byte-bounded store.</summary>
    public long SizeBytes =>
        ResponseJson.Length + InputItemsJson.Length + OutputItemsJson.Length + (Id.Length + (ParentId?.Length ?? 0)) * 2L + 64;
}

/// <summary>What GET, cancel, resumed streams and continuations need to know of a stored Response, read from its JSON.</summary>
/// <param name="Status">The Response's status ("queued", "in_progress", "completed", ...).</param>
/// <param name="Background">Whether it was created with background: true.</param>
/// <param name="CreatedAt">Unix seconds.</param>
/// <param name="ConversationId">The conversation it ran in, or null.</param>
public readonly record struct StoredResponseState(string Status, bool Background, long CreatedAt, string? ConversationId = null)
{
    public bool IsUnfinished => Status is "queued" or "in_progress";

    public static StoredResponseState Read(ReadOnlyMemory<byte> responseJson)
    {
        using var document = JsonDocument.Parse(responseJson);
        var root = document.RootElement;
        return new StoredResponseState(
            root.GetProperty("status").GetString() ?? string.Empty,
            root.TryGetProperty("background", out var background) && background.ValueKind == JsonValueKind.True,
            root.GetProperty("created_at").GetInt64(),
            root.TryGetProperty("conversation", out var conversation)
                && conversation.ValueKind == JsonValueKind.Object
                && conversation.TryGetProperty("id", out var id)
                ? id.GetString()
                : null);
    }
}

/// <summary>What a store decorator does with the store it wraps when it is disposed: disposes it, however it can be.</summary>
internal static class StoreDisposal
{
    public static async ValueTask DisposeAsync(IResponseStore inner)
    {
        switch (inner)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    public static void Dispose(IResponseStore inner) => (inner as IDisposable)?.Dispose();
}
