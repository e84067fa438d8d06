using Responses.Generated;
using Responses.Server.Errors;

namespace Responses.Server.Storage;

/// <summary>
/// The retrieve, delete and input_items endpoints' work: a stored response by id, or a 404 naming it. A response
/// another API key stored is a 404 too, worded the same, so a caller cannot tell it exists.
/// </summary>
public sealed class StoredResponses(IResponseStore store, ResponseChain chain)
{
    /// <summary>The Response's JSON exactly as create returned it.</summary>
    public async Task<ReadOnlyMemory<byte>> GetJsonAsync(string responseId, CancellationToken cancellationToken) =>
        (await FindAsync(responseId, cancellationToken)).ResponseJson;

    public async Task<DeleteResponseResult> DeleteAsync(string responseId, CancellationToken cancellationToken)
    {
        // Found first, so another key's response is never deleted; the store's own delete then says whether it was still there.
        await FindAsync(responseId, cancellationToken);
        if (!await store.DeleteAsync(responseId, cancellationToken))
        {
            throw NotFound(responseId);
        }

        return new DeleteResponseResult { Id = responseId, Deleted = true };
    }

    public async Task<ResponseItemList> ListInputItemsAsync(
        string responseId, int? limit, ListOrder? order, string? after, CancellationToken cancellationToken)
    {
        Available();
        var stored = await chain.FindOwnChainAsync(responseId, cancellationToken) ?? throw NotFound(responseId);
        return InputItemPage.Of(ItemResources.Of(await chain.InputItemsAsync(stored, cancellationToken)), limit, order, after);
    }

    /// <summary>The caller's own stored response by id (for every endpoint that names one), or 404.</summary>
    public async Task<StoredResponse> FindAsync(string responseId, CancellationToken cancellationToken)
    {
        Available();
        return await chain.FindOwnAsync(responseId, cancellationToken) ?? throw NotFound(responseId);
    }

    /// <summary>A store known to be down answers at once, rather than after its retries.</summary>
    private void Available()
    {
        if (!store.IsAvailable)
        {
            throw new StoreUnavailableException("The response store's circuit is open.");
        }
    }

    private static ApiException NotFound(string responseId) =>
        ApiException.NotFound($"Response with id '{responseId}' not found.", "response_id");
}
