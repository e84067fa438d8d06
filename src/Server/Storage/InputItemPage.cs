using Responses.Generated;
using Responses.Server.Errors;

namespace Responses.Server.Storage;

/// <summary>One page of listed items (a stored response's input items), as OpenAI pages lists: an order, a cursor, a limit.</summary>
public static class InputItemPage
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <param name="items">Oldest first, as the model saw them, in the shapes OpenAI lists them (<see cref="ItemResources"/>).</param>
    /// <param name="after">The id of the item the page starts after (in <paramref name="order"/>).</param>
    /// <param name="listed">What the items are of, for the error of an unknown <paramref name="after"/>.</param>
    /// <remarks>
    /// An empty page's first_id and last_id are empty strings: OpenAI's schema requires strings, and an empty page
    /// is the last (has_more false), so no client pages on from them.
    /// </remarks>
    public static ResponseItemList Of(IReadOnlyList<ItemResource> items, int? limit, ListOrder? order, string? after, string listed = "input item", string of = "this response")
    {
        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaxLimit)
        {
            var bound = size < 1 ? "below minimum value. Expected a value >= 1" : $"above maximum value. Expected a value <= {MaxLimit}";
            throw ApiException.InvalidRequest($"Invalid 'limit': integer {bound}, but got {size} instead.", "limit", ErrorTypes.InvalidValue);
        }

        // OpenAI's default is newest first.
        var ordered = order == ListOrder.Asc ? items : items.Reverse().ToList();
        var start = 0;
        if (after is not null)
        {
            var index = ordered.ToList().FindIndex(item => item.Id == after);
            start = index >= 0 ? index + 1 : throw ApiException.InvalidRequest(
                $"Invalid 'after': no {listed} with id '{after}' in {of}.", "after", ErrorTypes.InvalidValue);
        }

        var data = ordered.Skip(start).Take(size).ToList();
        return new ResponseItemList
        {
            Data = data,
            HasMore = start + data.Count < ordered.Count,
            FirstId = data.Count > 0 ? data[0].Id : "",
            LastId = data.Count > 0 ? data[^1].Id : "",
        };
    }
}
