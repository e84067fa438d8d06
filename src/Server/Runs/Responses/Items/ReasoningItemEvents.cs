using System.Text;
using Responses.Generated;

namespace Responses.Server.Runs.Responses.Items;

/// <summary>
/// The model's thinking as a reasoning item with one reasoning_text content part. Its text streams like a
/// message's: item added (summary [], content []), content_part.added with an empty reasoning_text part, one
/// response.reasoning_text.delta per piece, reasoning_text.done, content_part.done, item done. Open Responses
/// requires streamed content to be backed by a content part opened with content_part.added, and OpenAI's
/// content_part events accept a reasoning_text part; so clients that track parts see reasoning the way they see text.
/// <para>
/// With reasoning.summary set (Codex sends "auto"), the item also has one summary_text part that holds the thinking
/// itself, whatever the level asked: a local model's thinking is short and is the only text there is, a written
/// summary would cost a second generation before the answer, and clients that only render summaries (Codex) then
/// show the thinking, as with Ollama and Foundry Local. It streams with the thinking, OpenAI's summary events
/// around it: reasoning_summary_part.added after the item is added, a reasoning_summary_text.delta before each
/// reasoning_text.delta, and reasoning_summary_text.done and reasoning_summary_part.done before the content's done
/// events and the item's.
/// </para>
/// </summary>
/// <param name="summarize">reasoning.summary was set: the item carries the summary part and its events.</param>
/// <param name="seal">include reasoning.encrypted_content: seals the finished thinking into encrypted_content.</param>
internal sealed class ReasoningItemEvents(int outputIndex, string id, bool summarize = false, Func<string, string>? seal = null)
    : OutputItemEvents(outputIndex, id)
{
    /// <summary>The raw thinking is one part.</summary>
    private const int ContentIndex = 0;

    /// <summary>The summary is one part.</summary>
    private const int SummaryIndex = 0;


    private readonly StringBuilder text = new();

    public override void Open(List<ResponseStreamEvent> events)
    {
        events.Add(new ResponseOutputItemAddedEvent
        {
            OutputIndex = OutputIndex,
            Item = new ReasoningItem { Id = Id, Summary = [], Content = [], Status = OutputItemStatus.InProgress },
        });
        if (summarize)
        {
            events.Add(new ResponseReasoningSummaryPartAddedEvent
            {
                ItemId = Id,
                OutputIndex = OutputIndex,
                SummaryIndex = SummaryIndex,
                Part = new SummaryTextContent { Text = string.Empty },
            });
        }

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
        if (summarize)
            events.Add(new ResponseReasoningSummaryTextDeltaEvent { ItemId = Id, OutputIndex = OutputIndex, SummaryIndex = SummaryIndex, Delta = delta });
        events.Add(new ResponseReasoningTextDeltaEvent { ItemId = Id, OutputIndex = OutputIndex, ContentIndex = ContentIndex, Delta = delta });
    }

    protected override void CloseContent(List<ResponseStreamEvent> events)
    {
        var final = text.ToString();
        if (summarize)
        {
            events.Add(new ResponseReasoningSummaryTextDoneEvent { ItemId = Id, OutputIndex = OutputIndex, SummaryIndex = SummaryIndex, Text = final });
            events.Add(new ResponseReasoningSummaryPartDoneEvent
            {
                ItemId = Id,
                OutputIndex = OutputIndex,
                SummaryIndex = SummaryIndex,
                Part = new SummaryTextContent { Text = final },
            });
        }

        events.Add(new ResponseReasoningTextDoneEvent { ItemId = Id, OutputIndex = OutputIndex, ContentIndex = ContentIndex, Text = final });
        events.Add(new ResponseContentPartDoneEvent
        {
            ItemId = Id,
            OutputIndex = OutputIndex,
            ContentIndex = ContentIndex,
            Part = new ReasoningTextContent { Text = final },
        });
    }

    protected override OutputItem Build(OutputItemStatus status)
    {
        var final = text.ToString();
        return new ReasoningItem
        {
            Id = Id,
            Summary = summarize ? [new SummaryTextContent { Text = final }] : [],
            Content = [new ReasoningTextContent { Text = final }],
            // Built once when the item closes (output_item.done and the Response share that object), so sealed once.
            EncryptedContent = seal?.Invoke(final),
            Status = status,
        };
    }
}
