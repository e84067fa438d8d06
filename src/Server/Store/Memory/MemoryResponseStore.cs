namespace Responses.Server.Store.Memory;

/// <summary>
/// PLACEHOLDER from the SQLite branch (agent-sqlite), so `--store memory` works here: bounded by count only, the
/// oldest save evicted first. The real memory backend (count and bytes, LRU) comes from its own branch with this
/// name, namespace and constructor, and replaces this file at merge.
/// </summary>
public sealed class MemoryResponseStore(StoreOptions options) : IResponseStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedListNode<StoredResponse>> byId = new(StringComparer.Ordinal);
    private readonly LinkedList<StoredResponse> oldestFirst = new();

    public bool IsAvailable => true;

    public Task SaveAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Remove(response.Id);
            byId[response.Id] = oldestFirst.AddLast(response);
            while (byId.Count > options.MaxResponses)
            {
                Remove(oldestFirst.First!.Value.Id);
            }
        }

        return Task.CompletedTask;
    }

    public Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(byId.TryGetValue(id, out var node) ? node.Value : null);
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
        if (!byId.Remove(id, out var node))
        {
            return false;
        }

        oldestFirst.Remove(node);
        return true;
    }
}
