using Responses.Generated;

namespace Responses.Server.Runs.Responses.Items;

/// <summary>
/// The events of one output item, from <c>response.output_item.added</c> to <c>response.output_item.done</c>.
/// Items add their events to the caller's buffer unnumbered: <see cref="ResponseEventBuilder"/> alone numbers
/// events and decides output indexes, so an item only knows the index it was given.
/// </summary>
internal abstract class OutputItemEvents(int outputIndex, string id)
{
    /// <summary>The item as output_item.done carried it; null while the item is open.</summary>
    private OutputItem? done;

    public int OutputIndex { get; } = outputIndex;

    public string Id { get; } = id;

    public bool IsOpen => done is null;

    /// <summary>output_item.added, and the opening of any content part the item streams into.</summary>
    public abstract void Open(List<ResponseStreamEvent> events);

    /// <summary>Ends the item's content, then output_item.done. The item is final afterwards.</summary>
    public void Close(OutputItemStatus status, List<ResponseStreamEvent> events)
    {
        if (done is not null)
        {
            return;
        }

        CloseContent(events);
        done = Build(status);
        events.Add(new ResponseOutputItemDoneEvent { OutputIndex = OutputIndex, Item = done });
    }

    /// <summary>
    /// The item for a Response's output: the very object output_item.done carried once closed (so the stream and the
    /// final Response agree), or, while open (a failure cut it), the content so far with <paramref name="statusIfOpen"/>.
    /// </summary>
    public OutputItem Item(OutputItemStatus statusIfOpen) => done ?? Build(statusIfOpen);

    /// <summary>The content's done events (text done, part done, arguments done…), before output_item.done.</summary>
    protected abstract void CloseContent(List<ResponseStreamEvent> events);

    /// <summary>A new item object holding everything so far.</summary>
    protected abstract OutputItem Build(OutputItemStatus status);
}
