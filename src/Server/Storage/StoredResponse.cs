namespace Responses.Server.Storage;

/// <summary>
/// A finished response as the store keeps it: the Response exactly as the client received it, and the conversation
/// a continuation replays (every input item the model saw, chain included, each with an id, then the output items).
/// </summary>
/// <param name="Id">"resp_…".</param>
/// <param name="ResponseJson">The Response object's UTF-8 JSON, byte for byte what create returned (or the terminal event carried).</param>
/// <param name="InputItemsJson">A JSON array of input items: the chain it continued, then this request's input; each has an "id".</param>
/// <param name="OutputItemsJson">A JSON array of the Response's output items (replayed after the inputs when a request continues it).</param>
/// <param name="CreatedAt">Unix seconds (the Response's created_at), for eviction by age.</param>
/// <param name="Owner">The owner id of the API key that created it (null when the server had no keys); only that key sees it.</param>
public sealed record StoredResponse(
    string Id,
    ReadOnlyMemory<byte> ResponseJson,
    ReadOnlyMemory<byte> InputItemsJson,
    ReadOnlyMemory<byte> OutputItemsJson,
    long CreatedAt,
    string? Owner = null)
{
    /// <summary>What the entry costs a byte-bounded store.</summary>
    public long SizeBytes => ResponseJson.Length + InputItemsJson.Length + OutputItemsJson.Length + Id.Length * 2L + 64;
}
