using System.Text.Json;
using Responses.Generated;
using Responses.Server.Ids;
using Responses.Server.Storage;

namespace Responses.Server.Runs.Responses;

/// <summary>Keeps a finished Response and the conversation it ended, in the store's form, owned by the key that created the run.</summary>
public sealed class ResponseArchive(IResponseStore store, IConversationStore conversations, IIdGenerator ids, JsonSerializerOptions json, ILogger<ResponseArchive> logger)
{
    /// <summary>OpenAI's default: a response is stored unless the request says store: false.</summary>
    public static bool Stores(CreateResponse request) => request.Store != false;

    /// <remarks>
    /// The Response is serialized here with the API's options, exactly as the JSON sink and the terminal event write
    /// it, so a later GET returns the same bytes the client received. A continuation of a stored response keeps only
    /// its own input and points at it; if that response left the store since the run read it (deleted, evicted,
    /// with nothing else continuing it), the store refuses the pointer and the whole chain is kept here instead.
    /// </remarks>
    public async Task SaveAsync(ResponseRun run, Response response, CancellationToken cancellationToken)
    {
        if (run.Parent is not null && await store.SaveAsync(ToStored(run, response), cancellationToken))
        {
            return;
        }

        // A response in a conversation keeps its own input: the items before it are the conversation's, read from it
        // when needed (ResponseChain), so a long conversation is not copied into every response.
        if (run.Request.Conversation is not null && await store.SaveAsync(Stored(run, response, [], parent: null), cancellationToken))
        {
            return;
        }

        if (!await store.SaveAsync(ToSelfContained(run, response), cancellationToken))
        {
            throw new InvalidOperationException($"The store refused {run.ResponseId}, which names no parent.");
        }
    }

    /// <summary>
    /// Adds the request's input and the response's output to the conversation it ran in (if any). A conversation
    /// deleted while the response ran has nowhere to keep them: the response still ends as it did.
    /// </summary>
    public async Task AddToConversationAsync(ResponseRun run, Response response, CancellationToken cancellationToken)
    {
        if (run.Request.Conversation is not { } conversation)
        {
            return;
        }

        var items = new List<InputItem>(run.OwnInput);
        items.AddRange(JsonSerializer.Deserialize<List<InputItem>>(JsonSerializer.SerializeToUtf8Bytes(response.Output, json), json) ?? []);
        if (!await conversations.AppendAsync(conversation.Id, ConversationItems.Stored(items, ids, json), cancellationToken))
        {
            logger.LogWarning("{ResponseId}: conversation {ConversationId} was deleted while it ran; its items were not kept", run.ResponseId, conversation.Id);
        }
    }

    /// <summary>
    /// The response with its whole history (chain or conversation) in its input items: what a WebSocket connection
    /// holds of its latest one, and what the store keeps of one whose chain it does not hold.
    /// </summary>
    public StoredResponse ToSelfContained(ResponseRun run, Response response) => Stored(run, response, run.History, parent: null);

    /// <summary>The response as its own input pointing at the stored response it continues.</summary>
    private StoredResponse ToStored(ResponseRun run, Response response) => Stored(run, response, [], run.Parent);

    private StoredResponse Stored(ResponseRun run, Response response, IReadOnlyList<InputItem> history, string? parent) => new(
        run.ResponseId,
        JsonSerializer.SerializeToUtf8Bytes(response, json),
        JsonSerializer.SerializeToUtf8Bytes(InputItems(run, history), json),
        JsonSerializer.SerializeToUtf8Bytes(response.Output, json),
        response.CreatedAt,
        run.Owner,
        parent);

    /// <summary>
    /// The history given (ids already given when it was stored), then this request's input. Ids are given only now,
    /// after the output's, so that responses that are never stored number their output exactly as before.
    /// </summary>
    private List<InputItem> InputItems(ResponseRun run, IReadOnlyList<InputItem> history)
    {
        var items = new List<InputItem>(history);
        items.AddRange(run.OwnInput);
        foreach (var item in items)
        {
            InputItemIds.Ensure(item, ids);
        }

        return items;
    }
}
