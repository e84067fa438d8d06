namespace Responses.Server.Storage.Memory;

/// <summary>Conversations in process memory, lost on restart with the responses of the memory store. One lock for all.</summary>
public sealed class MemoryConversationStore : IConversationStore
{
    private readonly Dictionary<string, (StoredConversation Conversation, List<StoredItem> Items)> conversations = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public Task CreateAsync(StoredConversation conversation, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            conversations[conversation.Id] = (conversation, [.. items]);
        }

        return Task.CompletedTask;
    }

    public Task<StoredConversation?> FindAsync(string id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(conversations.TryGetValue(id, out var entry) ? entry.Conversation : null);
        }
    }

    public Task<bool> UpdateMetadataAsync(string id, ReadOnlyMemory<byte> metadataJson, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!conversations.TryGetValue(id, out var entry))
            {
                return Task.FromResult(false);
            }

            conversations[id] = entry with { Conversation = entry.Conversation with { MetadataJson = metadataJson } };
            return Task.FromResult(true);
        }
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(conversations.Remove(id));
        }
    }

    public Task<bool> AppendAsync(string id, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!conversations.TryGetValue(id, out var entry))
            {
                return Task.FromResult(false);
            }

            entry.Items.AddRange(items);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<StoredItem>> ItemsAsync(string id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<StoredItem>>(conversations.TryGetValue(id, out var entry) ? [.. entry.Items] : []);
        }
    }

    public Task<bool> DeleteItemAsync(string id, string itemId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(conversations.TryGetValue(id, out var entry) && entry.Items.RemoveAll(item => item.Id == itemId) > 0);
        }
    }
}
