using System.Text.Json;
using Responses.Generated;
using Responses.Server.Errors;

namespace Responses.Server.Storage;

/// <summary>
/// What previous_response_id continues: every stored part of the chain, oldest first (each response's input items,
/// then its output items), read from the store at once whatever its length. Only the caller's own responses are found.
/// </summary>
public sealed class ResponseChain(IResponseStore store, IConversationStore conversations, CallerIdentity caller, JsonSerializerOptions json)
{
    /// <exception cref="ApiException">404 previous_response_not_found: unknown, deleted, evicted, never stored, or another key's.</exception>
    public async Task<IReadOnlyList<InputItem>> LoadAsync(string previousResponseId, CancellationToken cancellationToken) =>
        (await LoadAsync(previousResponseId, held: null, cancellationToken)).Items;

    /// <param name="held">Responses the caller holds itself (a WebSocket connection's), found before the store.</param>
    /// <exception cref="ApiException">
    /// 404 previous_response_not_found: unknown, deleted, evicted, never stored, or another key's; 400 when it is a
    /// background response still queued or running (its output is not there to continue yet).
    /// </exception>
    public async Task<Continuation> LoadAsync(string previousResponseId, IPreviousResponses? held, CancellationToken cancellationToken)
    {
        if (held?.Find(previousResponseId) is { } kept)
        {
            var heldState = Finished(kept.Response);
            var items = Read(kept.Response.InputItemsJson);
            items.AddRange(Read(kept.Response.OutputItemsJson));
            return new Continuation(items, kept.Stored && heldState.ConversationId is null ? previousResponseId : null);
        }

        var chain = await FindOwnChainAsync(previousResponseId, cancellationToken) ?? throw ApiException.NotFound(
            $"Previous response with id '{previousResponseId}' not found.", "previous_response_id", ErrorTypes.PreviousResponseNotFound);
        var state = Finished(chain.Response);
        var conversation = await InputItemsAsync(chain, state, cancellationToken);
        conversation.AddRange(Read(chain.Response.OutputItemsJson));
        // A response of a conversation keeps only its own items: a chain that leaves the conversation takes what it
        // read of the conversation along (stored self-contained), rather than point into a thread that moves on.
        return new Continuation(conversation, state.ConversationId is null ? previousResponseId : null);
    }

    /// <summary>The stored response when the caller owns it; another key's is as absent as one never stored.</summary>
    public async Task<StoredResponse?> FindOwnAsync(string responseId, CancellationToken cancellationToken) =>
        await store.FindAsync(responseId, cancellationToken) is { } stored && caller.Owns(stored.Owner) ? stored : null;

    /// <summary>The stored response with the chain it continues, when the caller owns it (a chain has one owner).</summary>
    public async Task<StoredChain?> FindOwnChainAsync(string responseId, CancellationToken cancellationToken) =>
        await store.FindChainAsync(responseId, cancellationToken) is { } chain && caller.Owns(chain.Response.Owner) ? chain : null;

    /// <summary>
    /// Every input item the model saw for the response, oldest first: the chain's items (or, for a response of a
    /// conversation, the conversation's items before its own), then its own input.
    /// </summary>
    public Task<List<InputItem>> InputItemsAsync(StoredChain chain, CancellationToken cancellationToken) =>
        InputItemsAsync(chain, StoredResponseState.Read(chain.Response.ResponseJson), cancellationToken);

    private async Task<List<InputItem>> InputItemsAsync(StoredChain chain, StoredResponseState state, CancellationToken cancellationToken)
    {
        var items = chain.Earlier.Count == 0 && state.ConversationId is { } conversationId
            ? await ConversationBeforeAsync(chain.Response, conversationId, cancellationToken)
            : [];
        foreach (var earlier in chain.Earlier)
        {
            items.AddRange(Read(earlier.InputItemsJson));
            items.AddRange(Read(earlier.OutputItemsJson));
        }

        items.AddRange(Read(chain.Response.InputItemsJson));
        return items;
    }

    /// <summary>
    /// The items of its conversation a response read before its input: those before the first of its own items there.
    /// None when it was not in a conversation, when its stored input already holds them (one stored self-contained),
    /// or when the conversation, or every item of the response in it, was deleted since.
    /// </summary>
    private async Task<List<InputItem>> ConversationBeforeAsync(StoredResponse response, string conversationId, CancellationToken cancellationToken)
    {
        var own = Read(response.InputItemsJson).Concat(Read(response.OutputItemsJson)).Select(InputItemIds.Of).ToHashSet();
        var thread = await conversations.ItemsAsync(conversationId, cancellationToken);
        var before = new List<InputItem>();
        foreach (var item in thread)
        {
            if (own.Contains(item.Id))
            {
                return before;
            }

            before.Add(JsonSerializer.Deserialize<InputItem>(item.Json.Span, json)!);
        }

        return [];
    }

    /// <summary>The stored item lists, read with the API's own converters (an output item reads as its input form).</summary>
    public List<InputItem> Read(ReadOnlyMemory<byte> itemsJson) =>
        JsonSerializer.Deserialize<List<InputItem>>(itemsJson.Span, json) ?? [];

    private static StoredResponseState Finished(StoredResponse previous)
    {
        var state = StoredResponseState.Read(previous.ResponseJson);
        if (state.IsUnfinished)
        {
            throw ApiException.InvalidRequest(
                $"Previous response with id '{previous.Id}' has not finished (a background response still queued or running, or one a stopped server left unfinished): continue it once it has finished.",
                "previous_response_id",
                ErrorTypes.InvalidValue);
        }

        return state;
    }
}

/// <summary>What a request continues.</summary>
/// <param name="Items">The conversation so far, oldest first: every earlier input and output item, each with an id.</param>
/// <param name="StoredParent">
/// The continued response when the store holds it, so a stored continuation keeps only its own input and points at
/// it; null when it is held outside the store only, and a stored continuation keeps the whole chain itself.
/// </param>
public sealed record Continuation(IReadOnlyList<InputItem> Items, string? StoredParent);

/// <summary>
/// Responses a caller holds outside the store, looked up before it: a WebSocket connection's most recent response,
/// which a <c>store: false</c> chain continues on the same socket.
/// </summary>
public interface IPreviousResponses
{
    /// <summary>The response, or null when this caller does not hold it.</summary>
    HeldResponse? Find(string responseId);
}

/// <summary>A response held outside the store.</summary>
/// <param name="Response">In the store's form, self-contained: its input items hold its whole chain (no parent to look up).</param>
/// <param name="Stored">Whether the store has it too, so that a stored continuation can point at it rather than copy its chain.</param>
public sealed record HeldResponse(StoredResponse Response, bool Stored);
