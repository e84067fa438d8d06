namespace Responses.Server.Storage;

/// <summary>A stored response and the responses it continues, read at once: what a continuation and input_items replay.</summary>
/// <param name="Response">The response asked for.</param>
/// <param name="Earlier">
/// The item lists of the responses it continues through parent pointers, oldest first (the first one may hold a
/// chain of its own: a self-contained response). Deleted or evicted ones are among them: their items stay while
/// a response continues them.
/// </param>
public sealed record StoredChain(StoredResponse Response, IReadOnlyList<StoredItems> Earlier);

/// <summary>One response's part of a conversation.</summary>
/// <param name="InputItemsJson">Its input items (a JSON array), as <see cref="StoredResponse.InputItemsJson"/>.</param>
/// <param name="OutputItemsJson">Its output items (a JSON array).</param>
public readonly record struct StoredItems(ReadOnlyMemory<byte> InputItemsJson, ReadOnlyMemory<byte> OutputItemsJson);
