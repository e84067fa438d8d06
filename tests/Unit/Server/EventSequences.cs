using Responses.Generated;
using Responses.Inference;
using Responses.Server.Runs;
using Responses.Server.Runs.Responses;

namespace Responses.Tests.Unit.Server;

/// <summary>Feeds an event builder by hand and checks what any sequence it emits must satisfy.</summary>
internal static class EventSequences
{
    /// <summary>Created, InProgress, then every event the outputs produce, in order.</summary>
    public static List<ResponseStreamEvent> Run(ResponseEventBuilder builder, params OutputEvent[] outputs)
    {
        var all = new List<ResponseStreamEvent> { builder.Created(), builder.InProgress() };
        var buffer = new List<ResponseStreamEvent>();
        foreach (var output in outputs)
        {
            builder.Apply(output, buffer);
            all.AddRange(buffer);
            buffer.Clear();
        }

        return all;
    }

    public static string[] Types(IEnumerable<ResponseStreamEvent> events) => [.. events.Select(ResponsesJson.EventType)];

    public static string IdOf(OutputItem item) => item switch
    {
        OutputMessage x => x.Id,
        ReasoningItem x => x.Id,
        FunctionToolCall x => x.Id,
        CustomToolCall x => x.Id,
        CompactionBody x => x.Id,
        _ => throw new ArgumentException(item.GetType().Name),
    };

    /// <summary>The output index and item id an event speaks of; null for response-level events.</summary>
    public static (int OutputIndex, string ItemId)? Target(ResponseStreamEvent streamEvent) => streamEvent switch
    {
        ResponseOutputItemAddedEvent x => (x.OutputIndex, IdOf(x.Item)),
        ResponseOutputItemDoneEvent x => (x.OutputIndex, IdOf(x.Item)),
        ResponseContentPartAddedEvent x => (x.OutputIndex, x.ItemId),
        ResponseContentPartDoneEvent x => (x.OutputIndex, x.ItemId),
        ResponseTextDeltaEvent x => (x.OutputIndex, x.ItemId),
        ResponseTextDoneEvent x => (x.OutputIndex, x.ItemId),
        ResponseReasoningTextDeltaEvent x => (x.OutputIndex, x.ItemId),
        ResponseReasoningTextDoneEvent x => (x.OutputIndex, x.ItemId),
        ResponseFunctionCallArgumentsDeltaEvent x => (x.OutputIndex, x.ItemId),
        ResponseFunctionCallArgumentsDoneEvent x => (x.OutputIndex, x.ItemId),
        ResponseCustomToolCallInputDeltaEvent x => (x.OutputIndex, x.ItemId),
        ResponseCustomToolCallInputDoneEvent x => (x.OutputIndex, x.ItemId),
        _ => null,
    };

    /// <summary>
    /// What every sequence must satisfy: numbers 0..n-1 without gaps; items added at 0, 1, 2… in order, each
    /// item's events between its added and done, one item open at a time; every event's output_index and item id
    /// agree with the terminal Response's output; each output_item.done carries the very item the Response lists.
    /// </summary>
    public static Response AssertConsistent(IReadOnlyList<ResponseStreamEvent> events)
    {
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.SequenceNumber));
        var response = events[^1] switch
        {
            ResponseCompletedEvent x => x.Response,
            ResponseIncompleteEvent x => x.Response,
            ResponseFailedEvent x => x.Response,
            var other => throw new Xunit.Sdk.XunitException($"{ResponsesJson.EventType(other)} is not a terminal event."),
        };

        int? open = null;
        var added = 0;
        foreach (var streamEvent in events)
        {
            if (Target(streamEvent) is not var (index, id))
            {
                continue;
            }

            Assert.InRange(index, 0, response.Output.Count - 1);
            Assert.Equal(IdOf(response.Output[index]), id);
            switch (streamEvent)
            {
                case ResponseOutputItemAddedEvent:
                    Assert.Null(open);
                    Assert.Equal(added++, index);
                    open = index;
                    break;
                case ResponseOutputItemDoneEvent done:
                    Assert.Equal(open, index);
                    Assert.Same(response.Output[index], done.Item);
                    open = null;
                    break;
                default:
                    Assert.Equal(open, index);
                    break;
            }
        }

        Assert.Equal(response.Output.Count, added);
        if (events[^1] is not ResponseFailedEvent)
        {
            Assert.Null(open);
        }

        return response;
    }
}
