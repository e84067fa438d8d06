using System.Text.Json;
using Responses.Generated;
using Responses.Server.Errors;

namespace Responses.Server.Storage;

/// <summary>
/// What previous_response_id continues: the stored response's input items (which already hold the chain before it)
/// and then its output items, so a chain of any length is one lookup. Only the caller's own responses are found.
/// </summary>
public sealed class ResponseChain(IResponseStore store, CallerIdentity caller, JsonSerializerOptions json)
{
    /// <exception cref="ApiException">404 previous_response_not_found: unknown, deleted, evicted, never stored, or another key's.</exception>
    public Task<IReadOnlyList<InputItem>> LoadAsync(string previousResponseId, CancellationToken cancellationToken) =>
        LoadAsync(previousResponseId, held: null, cancellationToken);

    /// <param name="held">Responses the caller holds itself (a WebSocket connection's), found before the store.</param>
    /// <exception cref="ApiException">
    /// 404 previous_response_not_found: unknown, deleted, evicted, never stored, or another key's; 400 when it is a
    /// background response still queued or running (its output is not there to continue yet).
    /// </exception>
    public async Task<IReadOnlyList<InputItem>> LoadAsync(string previousResponseId, IPreviousResponses? held, CancellationToken cancellationToken)
    {
        var previous = held?.Find(previousResponseId) ?? await FindOwnAsync(previousResponseId, cancellationToken) ?? throw ApiException.NotFound(
            $"Previous response with id '{previousResponseId}' not found.", "previous_response_id", ErrorTypes.PreviousResponseNotFound);
        if (StoredResponseState.Read(previous.ResponseJson).IsUnfinished)
        {
            throw ApiException.InvalidRequest(
                $"Previous response with id '{previousResponseId}' has not finished (a background response still queued or running, or one a stopped server left unfinished): continue it once it has finished.",
                "previous_response_id",
                ErrorTypes.InvalidValue);
        }

        var items = Read(previous.InputItemsJson);
        items.AddRange(Read(previous.OutputItemsJson));
        return items;
    }

    /// <summary>The stored response when the caller owns it; another key's is as absent as one never stored.</summary>
    public async Task<StoredResponse?> FindOwnAsync(string responseId, CancellationToken cancellationToken) =>
        await store.FindAsync(responseId, cancellationToken) is { } stored && caller.Owns(stored.Owner) ? stored : null;

    /// <summary>The stored item lists, read with the API's own converters (an output item reads as its input form).</summary>
    public List<InputItem> Read(ReadOnlyMemory<byte> itemsJson) =>
        JsonSerializer.Deserialize<List<InputItem>>(itemsJson.Span, json) ?? [];
}

/// <summary>
/// Responses a caller holds outside the store, looked up before it: a WebSocket connection's most recent response,
/// which a <c>store: false</c> chain continues on the same socket.
/// </summary>
public interface IPreviousResponses
{
    /// <summary>The response in the store's form, or null when this caller does not hold it.</summary>
    StoredResponse? Find(string responseId);
}
