namespace Responses.Conformance.Streaming;

/// <summary>
/// The open/close state of a stream's output items and their content parts, fed one event at a time: what a
/// client's accumulator relies on (an item exists before its events, a part before its deltas, nothing after done).
/// </summary>
internal sealed class StreamItems
{
    private readonly Dictionary<int, Item> items = [];

    public IEnumerable<string> Apply(StreamEvent e)
    {
        if (e.Type == "response.error" || e.Type == "error" || e.OutputIndex is not { } index)
        {
            yield break;
        }

        items.TryGetValue(index, out var item);
        if (e.Type == "response.output_item.added")
        {
            if (item is not null)
            {
                yield return $"{e}: output {index} was already added";
                yield break;
            }

            if (index != items.Count)
            {
                yield return $"{e}: output_index {index} added while {items.Count} items were added before it";
            }

            items[index] = new Item(StreamEvent.Text(e.Data?["item"]?["id"]));
            yield break;
        }

        if (item is null)
        {
            yield return $"{e}: for output {index} before its response.output_item.added";
            yield break;
        }

        if (item.Done)
        {
            yield return $"{e}: for output {index} after its response.output_item.done";
            yield break;
        }

        if (e.ItemId is { } id && item.Id is not null && id != item.Id)
        {
            yield return $"{e}: item_id {id}, but output {index} is {item.Id}";
        }

        if (e.Type == "response.output_item.done")
        {
            foreach (var part in item.Parts.Where(p => !p.Value))
            {
                yield return $"{e}: content part {part.Key} of output {index} was never done";
            }

            item.Done = true;
            yield break;
        }

        if (e.ContentIndex is not { } content)
        {
            yield break;
        }

        var known = item.Parts.TryGetValue(content, out var partDone);
        switch (e.Type)
        {
            case "response.content_part.added":
                if (known)
                {
                    yield return $"{e}: content part {content} of output {index} was already added";
                }

                item.Parts[content] = false;
                break;
            case "response.content_part.done":
                if (!known || partDone)
                {
                    yield return $"{e}: content part {content} of output {index} was {(known ? "already done" : "never added")}";
                }

                item.Parts[content] = true;
                break;
            default:
                if (!known)
                {
                    yield return $"{e}: for content part {content} of output {index} before its response.content_part.added";
                }
                else if (partDone)
                {
                    yield return $"{e}: for content part {content} of output {index} after its response.content_part.done";
                }

                break;
        }
    }

    /// <summary>Items and parts added but not done.</summary>
    public IEnumerable<string> Unfinished() =>
        items.Where(i => !i.Value.Done).Select(i => $"output {i.Key}");

    private sealed class Item(string? id)
    {
        public string? Id { get; } = id;

        public bool Done { get; set; }

        /// <summary>content_index -> done.</summary>
        public Dictionary<int, bool> Parts { get; } = [];
    }
}
