using System.Text;
using Responses.Generated;

namespace Responses.Server.Runs.Responses.Items;

/// <summary>
/// The model's thinking as a reasoning item with one reasoning_text content part. Its text streams like a
/// message's: item added (summary [], content []), content_part.added with an empty reasoning_text part, one
/// response.reasoning_text.delta per piece, reasoning_text.done, content_part.done, item done. Open Responses
/// requires streamed content to be backed by a content part opened with content_part.added, and OpenAI's
/// content_part events accept a reasoning_text part; so clients that track parts see reasoning the way they see text.
/// </summary>
internal sealed class ReasoningItemEvents(int outputIndex, string id) : OutputItemEvents(outputIndex, id)
{
    /// <summary>The raw thinking is one part; summaries are not produced here.</summary>
    private const int ContentIndex = 0;

    private readonly StringBuilder text = new();

    public override void Open(List<ResponseStreamEvent> events)
    {
        events.Add(new ResponseOutputItemAddedEvent
        {
            OutputIndex = OutputIndex,
            Item = new ReasoningItem { Id = Id, Summary = [], Content = [], Status = OutputItemStatus.InProgress },
        });
        events.Add(new ResponseContentPartAddedEvent
        {
            ItemId = Id,
            OutputIndex = OutputIndex,
            ContentIndex = ContentIndex,
            Part = new ReasoningTextContent { Text = string.Empty },
        });
    }

    public void Append(string delta, List<ResponseStreamEvent> events)
    {
        text.Append(delta);
        events.Add(new ResponseReasoningTextDeltaEvent { ItemId = Id, OutputIndex = OutputIndex, ContentIndex = ContentIndex, Delta = delta });
    }

    protected override void CloseContent(List<ResponseStreamEvent> events)
    {
        var final = text.ToString();
        events.Add(new ResponseReasoningTextDoneEvent { ItemId = Id, OutputIndex = OutputIndex, ContentIndex = ContentIndex, Text = final });
        events.Add(new ResponseContentPartDoneEvent
        {
            ItemId = Id,
            OutputIndex = OutputIndex,
            ContentIndex = ContentIndex,
            Part = new ReasoningTextContent { Text = final },
        });
    }

    protected override OutputItem Build(OutputItemStatus status) => new ReasoningItem
    {
        Id = Id,
        Summary = [],
        Content = [new ReasoningTextContent { Text = text.ToString() }],
        Status = status,
    };
}
