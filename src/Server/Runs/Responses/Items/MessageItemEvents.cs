using System.Text;
using Responses.Generated;

namespace Responses.Server.Runs.Responses.Items;

/// <summary>
/// An assistant message with one output_text part: item added (content []), part added (""), one delta per piece
/// of text, then text done, part done, item done.
/// </summary>
internal sealed class MessageItemEvents(int outputIndex, string id) : OutputItemEvents(outputIndex, id)
{
    /// <summary>Messages here have a single part: the model's visible text.</summary>
    private const int ContentIndex = 0;

    private readonly StringBuilder text = new();

    public override void Open(List<ResponseStreamEvent> events)
    {
        events.Add(new ResponseOutputItemAddedEvent
        {
            OutputIndex = OutputIndex,
            Item = new OutputMessage { Id = Id, Role = OutputMessageRole.Assistant, Status = OutputItemStatus.InProgress, Content = [] },
        });
        events.Add(new ResponseContentPartAddedEvent
        {
            ItemId = Id,
            OutputIndex = OutputIndex,
            ContentIndex = ContentIndex,
            Part = new OutputTextContent { Text = string.Empty },
        });
    }

    public void Append(string delta, List<ResponseStreamEvent> events)
    {
        text.Append(delta);
        events.Add(new ResponseTextDeltaEvent { ItemId = Id, OutputIndex = OutputIndex, ContentIndex = ContentIndex, Delta = delta });
    }

    protected override void CloseContent(List<ResponseStreamEvent> events)
    {
        var final = text.ToString();
        events.Add(new ResponseTextDoneEvent { ItemId = Id, OutputIndex = OutputIndex, ContentIndex = ContentIndex, Text = final });
        events.Add(new ResponseContentPartDoneEvent
        {
            ItemId = Id,
            OutputIndex = OutputIndex,
            ContentIndex = ContentIndex,
            Part = new OutputTextContent { Text = final },
        });
    }

    protected override OutputItem Build(OutputItemStatus status) => new OutputMessage
    {
        Id = Id,
        Role = OutputMessageRole.Assistant,
        Status = status,
        Content = [new OutputTextContent { Text = text.ToString() }],
    };
}
