namespace Responses.Server.Storage;

/// <summary>
/// Where conversations are kept: each is an ordered thread of items, read whole by a response that continues it and
/// extended by the items of each response that completes in it. Every backend of <see cref="IResponseStore"/> is
/// one too, on the same database, so a conversation lives as long and as far (replicas) as the responses in it.
/// Conversations are not evicted: they are kept until deleted, as OpenAI keeps them.
/// </summary>
/// <remarks>
/// Callers check ownership (<see cref="StoredConversation.Owner"/>); the store does not know who asks. Each method
/// throws <see cref="Errors.StoreUnavailableException"/> when the backend cannot be reached.
/// </remarks>
public interface IConversationStore
{
    /// <summary>Keeps a new conversation with its first items, in one step.</summary>
    Task CreateAsync(StoredConversation conversation, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken);

    /// <summary>The conversation, or null when it does not exist or was deleted.</summary>
    Task<StoredConversation?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces its metadata; false when there is no such conversation.</summary>
    Task<bool> UpdateMetadataAsync(string id, ReadOnlyMemory<byte> metadataJson, CancellationToken cancellationToken);

    /// <summary>Deletes the conversation and its items; false when there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Appends items after the last one, in order; false when there is no such conversation.</summary>
    Task<bool> AppendAsync(string id, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken);

    /// <summary>Every item, oldest first (empty for a conversation that does not exist).</summary>
    Task<IReadOnlyList<StoredItem>> ItemsAsync(string id, CancellationToken cancellationToken);

    /// <summary>Removes one item; false when the conversation has no item with that id.</summary>
    Task<bool> DeleteItemAsync(string id, string itemId, CancellationToken cancellationToken);
}

/// <summary>A conversation as the store keeps it (its items apart).</summary>
/// <param name="Id">"conv_…".</param>
/// <param name="CreatedAt">Unix seconds.</param>
/// <param name="MetadataJson">The metadata object's UTF-8 JSON ("{}" when it has none).</param>
/// <param name="Owner">The owner id of the API key that created it (null when the server had no keys); only that key sees it.</param>
public sealed record StoredConversation(string Id, long CreatedAt, ReadOnlyMemory<byte> MetadataJson, string? Owner);

/// <summary>One item of a conversation: its id and its JSON in the input item form the API reads.</summary>
public readonly record struct StoredItem(string Id, ReadOnlyMemory<byte> Json);
