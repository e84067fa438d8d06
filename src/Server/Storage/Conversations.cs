using System.Text.Json;
using Responses.Generated;
using Responses.Server.Errors;
using Responses.Server.Ids;

namespace Responses.Server.Storage;

/// <summary>
/// The Conversations API's work, and what a response in a conversation reads and adds: its items before the request's
/// input, and its input and output items after it ends. Only the caller's own conversations are found: another key's
/// is a 404 worded like one that never existed.
/// </summary>
public sealed class Conversations(IConversationStore store, CallerIdentity caller, IIdGenerator ids, TimeProvider clock, JsonSerializerOptions json)
{
    /// <summary>OpenAI's bound on the items of one create call.</summary>
    public const int MaxItemsPerCall = 20;

    public async Task<ConversationResource> CreateAsync(CreateConversationBody? body, CancellationToken cancellationToken)
    {
        var metadata = body?.Metadata ?? new Dictionary<string, string>();
        MetadataRules.Check(metadata);
        var items = ToStored(CheckCount(body?.Items ?? [], "items"));
        var conversation = new StoredConversation(
            ids.NewId("conv"), clock.GetUtcNow().ToUnixTimeSeconds(), JsonSerializer.SerializeToUtf8Bytes(metadata, json), caller.Owner);
        await store.CreateAsync(conversation, items, cancellationToken);
        return Resource(conversation);
    }

    public async Task<ConversationResource> GetAsync(string conversationId, CancellationToken cancellationToken) =>
        Resource(await FindAsync(conversationId, "conversation_id", cancellationToken));

    public async Task<ConversationResource> UpdateAsync(string conversationId, UpdateConversationBody body, CancellationToken cancellationToken)
    {
        var metadata = body.Metadata ?? throw ApiException.InvalidRequest(
            "Missing required parameter: 'metadata'.", "metadata", ErrorTypes.MissingRequiredParameter);
        MetadataRules.Check(metadata);
        var conversation = await FindAsync(conversationId, "conversation_id", cancellationToken);
        var metadataJson = JsonSerializer.SerializeToUtf8Bytes(metadata, json);
        if (!await store.UpdateMetadataAsync(conversationId, metadataJson, cancellationToken))
        {
            throw NotFound(conversationId, "conversation_id");
        }

        return Resource(conversation with { MetadataJson = metadataJson });
    }

    public async Task<DeletedConversationResource> DeleteAsync(string conversationId, CancellationToken cancellationToken)
    {
        await FindAsync(conversationId, "conversation_id", cancellationToken);
        if (!await store.DeleteAsync(conversationId, cancellationToken))
        {
            throw NotFound(conversationId, "conversation_id");
        }

        return new DeletedConversationResource { Id = conversationId, Deleted = true };
    }

    public async Task<ConversationItemList> AddItemsAsync(string conversationId, CreateConversationItemsBody body, CancellationToken cancellationToken)
    {
        var items = CheckCount(body.Items ?? throw ApiException.InvalidRequest("Missing required parameter: 'items'.", "items", ErrorTypes.MissingRequiredParameter), "items");
        await FindAsync(conversationId, "conversation_id", cancellationToken);
        await AppendAsync(conversationId, items, cancellationToken);
        return Page(ItemResources.Of(items), items.Count, ListOrder.Asc, after: null);
    }

    public async Task<ConversationItemList> ListItemsAsync(string conversationId, int? limit, ListOrder? order, string? after, CancellationToken cancellationToken)
    {
        await FindAsync(conversationId, "conversation_id", cancellationToken);
        return Page(ItemResources.Of(Read(await store.ItemsAsync(conversationId, cancellationToken))), limit, order, after);
    }

    public async Task<ItemResource> GetItemAsync(string conversationId, string itemId, CancellationToken cancellationToken)
    {
        await FindAsync(conversationId, "conversation_id", cancellationToken);
        var items = await store.ItemsAsync(conversationId, cancellationToken);
        var item = items.FirstOrDefault(stored => stored.Id == itemId);
        return item.Id is null ? throw ItemNotFound(conversationId, itemId) : ItemResources.Of(ReadItem(item.Json));
    }

    public async Task<ConversationResource> DeleteItemAsync(string conversationId, string itemId, CancellationToken cancellationToken)
    {
        var conversation = await FindAsync(conversationId, "conversation_id", cancellationToken);
        if (!await store.DeleteItemAsync(conversationId, itemId, cancellationToken))
        {
            throw ItemNotFound(conversationId, itemId);
        }

        return Resource(conversation);
    }

    /// <summary>What a response created with <c>conversation</c> reads before its input: every item, oldest first.</summary>
    /// <exception cref="ApiException">404 naming <c>conversation</c> when it is not the caller's or does not exist.</exception>
    public async Task<IReadOnlyList<InputItem>> HistoryAsync(string conversationId, CancellationToken cancellationToken)
    {
        await FindAsync(conversationId, "conversation", cancellationToken);
        return Read(await store.ItemsAsync(conversationId, cancellationToken));
    }

    private async Task AppendAsync(string conversationId, IReadOnlyList<InputItem> items, CancellationToken cancellationToken)
    {
        if (!await store.AppendAsync(conversationId, ToStored(items), cancellationToken))
        {
            throw NotFound(conversationId, "conversation_id");
        }
    }

    private async Task<StoredConversation> FindAsync(string conversationId, string param, CancellationToken cancellationToken) =>
        await store.FindAsync(conversationId, cancellationToken) is { } conversation && caller.Owns(conversation.Owner)
            ? conversation
            : throw NotFound(conversationId, param);

    private List<StoredItem> ToStored(IReadOnlyList<InputItem> items) => ConversationItems.Stored(items, ids, json);

    private List<InputItem> Read(IReadOnlyList<StoredItem> items) => items.Select(item => ReadItem(item.Json)).ToList();

    private InputItem ReadItem(ReadOnlyMemory<byte> itemJson) =>
        JsonSerializer.Deserialize<InputItem>(itemJson.Span, json) ?? throw new InvalidOperationException("A stored conversation item is null.");

    private ConversationResource Resource(StoredConversation conversation) => new()
    {
        Id = conversation.Id,
        CreatedAt = conversation.CreatedAt,
        Metadata = JsonSerializer.Deserialize<Dictionary<string, string>>(conversation.MetadataJson.Span, json) ?? [],
    };

    private static ConversationItemList Page(IReadOnlyList<ItemResource> items, int? limit, ListOrder? order, string? after)
    {
        var page = InputItemPage.Of(items, limit, order, after, "item", "this conversation");
        return new ConversationItemList { Data = page.Data, HasMore = page.HasMore, FirstId = page.FirstId, LastId = page.LastId };
    }

    private static IReadOnlyList<InputItem> CheckCount(IReadOnlyList<InputItem> items, string param) =>
        items.Count <= MaxItemsPerCall
            ? items
            : throw ApiException.InvalidRequest(
                $"Invalid '{param}': array too long. Expected an array with maximum length {MaxItemsPerCall}, but got an array with length {items.Count} instead.",
                param,
                ErrorTypes.InvalidValue);

    private static ApiException NotFound(string conversationId, string param) =>
        ApiException.NotFound($"Conversation with id '{conversationId}' not found.", param);

    private static ApiException ItemNotFound(string conversationId, string itemId) =>
        ApiException.NotFound($"Item with id '{itemId}' not found in conversation '{conversationId}'.", "item_id");
}

/// <summary>Items in the conversation store's form: each with its id (given here when it has none) and its JSON.</summary>
public static class ConversationItems
{
    public static List<StoredItem> Stored(IReadOnlyList<InputItem> items, IIdGenerator ids, JsonSerializerOptions json)
    {
        var stored = new List<StoredItem>(items.Count);
        foreach (var item in items)
        {
            InputItemIds.Ensure(item, ids);
            stored.Add(new StoredItem(InputItemIds.Of(item) ?? ids.NewId("item"), JsonSerializer.SerializeToUtf8Bytes(item, json)));
        }

        return stored;
    }
}
