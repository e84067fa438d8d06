using System.Text;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Ids;
using Responses.Server.Runs.Compaction;
using Responses.Server.Runs.Responses.Items;
using Responses.Server.Runs.Tools;

namespace Responses.Server.Runs.Responses;

/// <summary>
/// Turns one run's typed inference output into spec events, and is the only place that numbers them. Output is a
/// list of items (message, reasoning, function call, custom tool call, shell and apply_patch calls), each its own open/delta/close state machine;
/// this class routes each output event to the open item, closes it when output of another kind or another call
/// follows, and owns output indexes, sequence numbers and the final output list. A run that compacts
/// (<see cref="ResponseRun.Compacts"/>) writes a summary instead: its text is gathered, and becomes the one
/// compaction item when generation ends.
/// </summary>
public sealed class ResponseEventBuilder(ResponseRun run, IIdGenerator ids, TimeProvider clock)
{
    private readonly List<OutputItemEvents> items = [];
    private OutputItemEvents? open;
    private int sequence;

    private Response? inProgress;
    private Response? queued;

    /// <summary>The summary so far, when the run compacts.</summary>
    private StringBuilder? summary;

    /// <summary>reasoning.summary (or its older name generate_summary) asks for summaries, at any level.</summary>
    private bool Summarizes => run.Request.Reasoning is { } reasoning && (reasoning.Summary ?? reasoning.GenerateSummary) is not null;

    /// <summary>A background response is created queued (OpenAI's order: created, queued, then in_progress once it runs).</summary>
    public ResponseStreamEvent Created() =>
        Number(new ResponseCreatedEvent { Response = run.Request.Background == true ? QueuedResponse() : InProgressResponse() });

    public ResponseStreamEvent Queued() => Number(new ResponseQueuedEvent { Response = QueuedResponse() });

    public ResponseStreamEvent InProgress() => Number(new ResponseInProgressEvent { Response = InProgressResponse() });

    /// <summary>
    /// The output known before generation starts: the compaction item of a conversation context_management compacted,
    /// added and done whole at output index 0, as the compaction it stands for is already written.
    /// </summary>
    public void Prelude(List<ResponseStreamEvent> events)
    {
        if (run.CompactedTo is not { } compaction)
        {
            return;
        }

        var first = events.Count;
        Start(new CompactionItemEvents(items.Count, compaction.Id, compaction.EncryptedContent), events);
        CloseOpen(OutputItemStatus.Completed, events);
        Number(events, first);
    }

    /// <summary>Adds the events one piece of output produces to <paramref name="events"/> (a reused buffer).</summary>
    /// <exception cref="InvalidOperationException">
    /// Output this builder does not know, or tool call events out of order: a bug upstream, which must not pass
    /// silently as a reply with something missing (the stream turns it into response.failed).
    /// </exception>
    public void Apply(OutputEvent output, List<ResponseStreamEvent> events)
    {
        var first = events.Count;
        if (run.Compacts && output is not GenerationFinished)
        {
            // Only the summary's text counts; no tools are offered and thinking is off for it.
            if (output is TextDelta text)
            {
                (summary ??= new StringBuilder()).Append(text.Text);
            }

            return;
        }

        switch (output)
        {
            case TextDelta delta:
                (open as MessageItemEvents ?? Start(new MessageItemEvents(items.Count, ids.NewId("msg")), events)).Append(delta.Text, delta.Logprobs, events);
                break;
            case ReasoningDelta delta:
                (open as ReasoningItemEvents ?? Start(new ReasoningItemEvents(items.Count, ids.NewId("rs"), Summarizes, run.SealReasoning), events)).Append(delta.Text, events);
                break;
            case ToolCallStarted started:
                StartCall(started.Index, started.Name, events);
                break;
            case ToolCallArgumentsDelta delta:
                OpenCall(delta.Index).AppendArguments(delta.Delta, events);
                break;
            case ToolCallCompleted completed:
                // A parser that only knows whole calls may skip the start: the completion carries all a call needs.
                var call = open is ToolCallItemEvents current && current.CallIndex == completed.Index
                    ? current
                    : StartCall(completed.Index, completed.Name, events);
                call.Complete(completed.Arguments);
                CloseOpen(OutputItemStatus.Completed, events);
                break;
            case GenerationFinished finished:
                Finish(finished, events);
                break;
            default:
                throw new InvalidOperationException($"The response event builder does not handle {output.GetType().Name}.");
        }

        Number(events, first);
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

        // No done events for the open item: the failure is the last word, and its output says where things stood.
        return Number(new ResponseFailedEvent { Response = ResponseObjectFactory.Failed(run, Output(OutputItemStatus.Incomplete), code, message) });
    }

    /// <summary>The Response of a run whose client went away before its end: the output so far, open items incomplete.</summary>
    public Response Cancelled() => ResponseObjectFactory.Cancelled(run, Output(OutputItemStatus.Incomplete));

    /// <summary>Both opening events carry the same snapshot; it is never changed after it is built.</summary>
    private Response InProgressResponse() => inProgress ??= ResponseObjectFactory.InProgress(run);

    private Response QueuedResponse() => queued ??= ResponseObjectFactory.Queued(run);

    /// <summary>Closes the open item, if any, and opens <paramref name="item"/> at the next output index.</summary>
    private T Start<T>(T item, List<ResponseStreamEvent> events)
        where T : OutputItemEvents
    {
        CloseOpen(OutputItemStatus.Completed, events);
        items.Add(item);
        open = item;
        item.Open(events);
        return item;
    }

    private ToolCallItemEvents StartCall(int index, string modelName, List<ResponseStreamEvent> events)
    {
        var tool = run.Generation.Tools.Resolve(modelName);
        return tool.Kind switch
        {
            ToolKind.Custom => Start(new CustomToolCallItemEvents(items.Count, ids.NewId("ctc"), ids.NewId("call"), tool, index), events),
            ToolKind.Shell => Start(new ShellCallItemEvents(items.Count, ids.NewId("sh"), ids.NewId("call"), tool, index), events),
            ToolKind.ApplyPatch => Start(new ApplyPatchCallItemEvents(items.Count, ids.NewId("apc"), ids.NewId("call"), tool, index), events),
            _ => Start<ToolCallItemEvents>(new FunctionCallItemEvents(items.Count, ids.NewId("fc"), ids.NewId("call"), tool, index), events),
        };
    }

    private ToolCallItemEvents OpenCall(int index) =>
        open is ToolCallItemEvents call && call.CallIndex == index
            ? call
            : throw new InvalidOperationException($"Arguments arrived for tool call {index}, which is not the open call.");

    private void CloseOpen(OutputItemStatus status, List<ResponseStreamEvent> events)
    {
        open?.Close(status, events);
        open = null;
    }

    private void Finish(GenerationFinished finished, List<ResponseStreamEvent> events)
    {
        if (run.Compacts)
        {
            FinishCompaction(finished, events);
            return;
        }

        // An empty reply still gets an (empty) message, as SDKs reading output_text expect one; a reply that is
        // only tool calls or only reasoning (thinking cut by the length limit) has no message, as with OpenAI.
        if (items.Count == (run.CompactedTo is null ? 0 : 1))
        {
            Start(new MessageItemEvents(items.Count, ids.NewId("msg")), events);
        }

        var incomplete = finished.Reason == FinishReason.Length;
        CloseOpen(incomplete ? OutputItemStatus.Incomplete : OutputItemStatus.Completed, events);

        var response = ResponseObjectFactory.Finished(run, Output(OutputItemStatus.Completed), finished.Reason, finished.Usage, clock.GetUtcNow().ToUnixTimeSeconds());
        events.Add(incomplete
            ? new ResponseIncompleteEvent { Response = response }
            : new ResponseCompletedEvent { Response = response });
    }

    /// <summary>
    /// Exactly one output item, the compaction, and always completed: a summary cut at its bound is still the summary,
    /// and coding agents take response.incomplete for a failed turn.
    /// </summary>
    private void FinishCompaction(GenerationFinished finished, List<ResponseStreamEvent> events)
    {
        var content = CompactionContent.Encode(summary?.ToString().Trim() ?? string.Empty);
        Start(new CompactionItemEvents(items.Count, ids.NewId("cmp"), content), events);
        CloseOpen(OutputItemStatus.Completed, events);
        var response = ResponseObjectFactory.Finished(run, Output(OutputItemStatus.Completed), FinishReason.Stop, finished.Usage, clock.GetUtcNow().ToUnixTimeSeconds());
        events.Add(new ResponseCompletedEvent { Response = response });
    }

    /// <param name="statusIfOpen">The status of an item still open (only after a failure; Finish closes all).</param>
    private List<OutputItem> Output(OutputItemStatus statusIfOpen)
    {
        var output = new List<OutputItem>(items.Count);
        foreach (var item in items)
        {
            output.Add(item.Item(statusIfOpen));
        }

        return output;
    }

    private void Number(List<ResponseStreamEvent> events, int first)
    {
        for (var i = first; i < events.Count; i++)
        {
            Number(events[i]);
        }
    }

    private ResponseStreamEvent Number(ResponseStreamEvent streamEvent)
    {
        streamEvent.SequenceNumber = sequence++;
        return streamEvent;
    }
}
