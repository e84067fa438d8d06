using Microsoft.Extensions.Options;

namespace Responses.Server.Storage.Memory;

/// <summary>
/// Responses in process memory, lost on restart: bounded by count and by bytes, least recently used out first (a
/// find counts as a use, so a chain being continued stays). One lock guards the map and the recency list together:
/// every operation is a few pointer moves, far cheaper than the generation around it.
/// </summary>
public sealed class MemoryResponseStore(IOptions<MemoryResponseStoreOptions> options) : IResponseStore
{
    private readonly MemoryResponseStoreOptions limits = options.Value;
    private readonly Dictionary<string, LinkedListNode<StoredResponse>> entries = new(StringComparer.Ordinal);

    /// <summary>Most recently used first.</summary>
    private readonly LinkedList<StoredResponse> recency = new();
    private readonly Lock gate = new();
    private long bytes;

    public bool IsAvailable => true;

    /// <summary>How many responses are kept now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public Task SaveAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Remove(response.Id);
            entries[response.Id] = recency.AddFirst(response);
            bytes += response.SizeBytes;
            // The newest entry stays even when it alone exceeds MaxBytes: it was just acknowledged to its client.
            while (recency.Count > 1 && (entries.Count > limits.MaxResponses || bytes > limits.MaxBytes))
            {
                Remove(recency.Last!.Value.Id);
            }
        }

        return Task.CompletedTask;
    }

    public Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(id, out var node))
            {
                return Task.FromResult<StoredResponse?>(null);
            }

            recency.Remove(node);
            recency.AddFirst(node);
            return Task.FromResult<StoredResponse?>(node.Value);
        }
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(Remove(id));
        }
    }

    private bool Remove(string id)
    {
        if (!entries.Remove(id, out var node))
        {
            return false;
        }

        recency.Remove(node);
        bytes -= node.Value.SizeBytes;
        return true;
    }
}

/// <summary>Bounds of the in-memory store: whichever is reached first evicts the least recently used responses.</summary>
public sealed record MemoryResponseStoreOptions
{
    public int MaxResponses { get; init; } = 10_000;

    /// <summary>Total <see cref="StoredResponse.SizeBytes"/> kept; 256 MiB by default.</summary>
    public long MaxBytes { get; init; } = 256L * 1024 * 1024;
}
