using System.Text;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Ids;
using Responses.Server.Pipeline;

namespace Responses.Server.Events;

/// <summary>
/// The open/delta/close state machine of one run: turns typed inference output into spec events, and is the only
/// place that numbers them. The message item and its text part open on the first text (or at the end, for an empty
/// reply) so SDKs always see output_item.added and content_part.added before any delta.
/// </summary>
public sealed class ResponseEventBuilder(ResponseRun run, IIdGenerator ids, TimeProvider clock)
{
    private const int OutputIndex = 0;
    private const int ContentIndex = 0;

    private readonly StringBuilder text = new();
    private int sequence;
    private string? messageId;

    private Response? inProgress;

    public ResponseStreamEvent Created() => Number(new ResponseCreatedEvent { Response = InProgressResponse() });

    public ResponseStreamEvent InProgress() => Number(new ResponseInProgressEvent { Response = InProgressResponse() });

    /// <summary>Adds the events one piece of output produces to <paramref name="events"/> (a reused buffer).</summary>
    public void Apply(OutputEvent output, List<ResponseStreamEvent> events)
    {
        switch (output)
        {
            case TextDelta delta:
                Open(events);
                text.Append(delta.Text);
                events.Add(Number(new ResponseTextDeltaEvent
                {
                    ItemId = messageId!,
                    OutputIndex = OutputIndex,
                    ContentIndex = ContentIndex,
                    Delta = delta.Text,
                }));
                break;
            case GenerationFinished finished:
                Finish(finished, events);
                break;
        }
    }

    /// <summary>The terminal event of a run that broke after it started: the stream's last word.</summary>
    /// <param name="after">
    /// The last event the client received, when that is not the last one built (a sink broke while writing): the
    /// failure then takes the very next number, so the client sees no gap.
    /// </param>
    public ResponseStreamEvent Failed(string code, string message, ResponseStreamEvent? after = null)
    {
        if (after is not null)
        {
            sequence = after.SequenceNumber + 1;
        }

        return Number(new ResponseFailedEvent { Response = ResponseObjectFactory.Failed(run, Output(OutputItemStatus.Incomplete), code, message) });
    }

    /// <summary>Both opening events carry the same snapshot; it is never changed after it is built.</summary>
    private Response InProgressResponse() => inProgress ??= ResponseObjectFactory.InProgress(run);

    private void Open(List<ResponseStreamEvent> events)
    {
        if (messageId is not null)
        {
            return;
        }

        messageId = ids.NewId("msg");
        events.Add(Number(new ResponseOutputItemAddedEvent
        {
            OutputIndex = OutputIndex,
            Item = new OutputMessage { Id = messageId, Role = OutputMessageRole.Assistant, Status = OutputItemStatus.InProgress, Content = [] },
        }));
        events.Add(Number(new ResponseContentPartAddedEvent
        {
            ItemId = messageId,
            OutputIndex = OutputIndex,
            ContentIndex = ContentIndex,
            Part = new OutputTextContent { Text = string.Empty },
        }));
    }

    private void Finish(GenerationFinished finished, List<ResponseStreamEvent> events)
    {
        Open(events);
        var final = text.ToString();
        var status = finished.Reason == FinishReason.Length ? OutputItemStatus.Incomplete : OutputItemStatus.Completed;
        events.Add(Number(new ResponseTextDoneEvent
        {
            ItemId = messageId!,
            OutputIndex = OutputIndex,
            ContentIndex = ContentIndex,
            Text = final,
        }));
        events.Add(Number(new ResponseContentPartDoneEvent
        {
            ItemId = messageId!,
            OutputIndex = OutputIndex,
            ContentIndex = ContentIndex,
            Part = new OutputTextContent { Text = final },
        }));
        var output = Output(status);
        events.Add(Number(new ResponseOutputItemDoneEvent { OutputIndex = OutputIndex, Item = output[OutputIndex] }));

        var response = ResponseObjectFactory.Finished(run, output, finished.Reason, finished.Usage, clock.GetUtcNow().ToUnixTimeSeconds());
        events.Add(Number(finished.Reason == FinishReason.Length
            ? new ResponseIncompleteEvent { Response = response }
            : new ResponseCompletedEvent { Response = response }));
    }

    private List<OutputItem> Output(OutputItemStatus status) => messageId is null
        ? []
        : [new OutputMessage
        {
            Id = messageId,
            Role = OutputMessageRole.Assistant,
            Status = status,
            Content = [new OutputTextContent { Text = text.ToString() }],
        }];

    private ResponseStreamEvent Number(ResponseStreamEvent streamEvent)
    {
        streamEvent.SequenceNumber = sequence++;
        return streamEvent;
    }
}
