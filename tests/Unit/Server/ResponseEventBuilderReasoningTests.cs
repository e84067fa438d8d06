using Responses.Generated;
using Responses.Inference;
using Responses.Server.Runs;
using Responses.Server.Runs.Responses;

namespace Responses.Tests.Unit.Server;

/// <summary>Thinking becomes a reasoning item streamed through a reasoning_text part, before or between other items.</summary>
public sealed class ResponseEventBuilderReasoningTests
{
    private static readonly TokenUsage Usage = new(InputTokens: 3, OutputTokens: 8, ReasoningTokens: 5);

    private static List<ResponseStreamEvent> Run(params OutputEvent[] outputs) =>
        EventSequences.Run(new ResponseEventBuilder(Runs.For(), new SequentialIds(), new FixedClock()), outputs);

    [Theory]
    [InlineData(ReasoningSummary.Auto)]
    [InlineData(ReasoningSummary.Concise)]
    [InlineData(ReasoningSummary.Detailed)]
    public void With_a_summary_the_thinking_streams_as_the_summary_too(ReasoningSummary level)
    {
        var request = new CreateResponse { Model = "m", Input = "hi", Reasoning = new Reasoning { Effort = ReasoningEffort.Medium, Summary = level } };
        var events = EventSequences.Run(
            new ResponseEventBuilder(Runs.For(request), new SequentialIds(), new FixedClock()),
            [new ReasoningDelta("Think"), new ReasoningDelta("ing."), new TextDelta("Hi"), new GenerationFinished(FinishReason.Stop, Usage)]);

        Assert.Equal(
            [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.reasoning_summary_part.added", "response.content_part.added",
                "response.reasoning_summary_text.delta", "response.reasoning_text.delta",
                "response.reasoning_summary_text.delta", "response.reasoning_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done",
                "response.reasoning_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.content_part.added",
                "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed",
            ],
            EventSequences.Types(events));

        var partAdded = Assert.IsType<ResponseReasoningSummaryPartAddedEvent>(events[3]);
        Assert.Equal(("rs_1", 0, 0, ""), (partAdded.ItemId, partAdded.OutputIndex, partAdded.SummaryIndex, partAdded.Part.Text));
        var delta = Assert.IsType<ResponseReasoningSummaryTextDeltaEvent>(events[5]);
        Assert.Equal(("rs_1", 0, 0, "Think"), (delta.ItemId, delta.OutputIndex, delta.SummaryIndex, delta.Delta));
        Assert.Equal("Thinking.", Assert.IsType<ResponseReasoningSummaryTextDoneEvent>(events[9]).Text);
        Assert.Equal("Thinking.", Assert.IsType<ResponseReasoningSummaryPartDoneEvent>(events[10]).Part.Text);
        Assert.Empty(Assert.IsType<ReasoningItem>(Assert.IsType<ResponseOutputItemAddedEvent>(events[2]).Item).Summary);

        var reasoning = Assert.IsType<ReasoningItem>(EventSequences.AssertConsistent(events).Output[0]);
        Assert.Equal("Thinking.", Assert.Single(reasoning.Summary).Text);
        Assert.Equal("Thinking.", Assert.IsType<ReasoningTextContent>(Assert.Single(reasoning.Content!)).Text);
        Assert.Null(reasoning.EncryptedContent);
    }

    [Fact]
    public void Reasoning_then_text_is_a_reasoning_item_then_a_message()
    {
        var events = Run(
            new ReasoningDelta("Think"), new ReasoningDelta("ing."), new TextDelta("Hi"),
            new GenerationFinished(FinishReason.Stop, Usage));

        Assert.Equal(
            [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added",
                "response.reasoning_text.delta", "response.reasoning_text.delta",
                "response.reasoning_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.content_part.added",
                "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed",
            ],
            EventSequences.Types(events));

        var added = Assert.IsType<ReasoningItem>(Assert.IsType<ResponseOutputItemAddedEvent>(events[2]).Item);
        Assert.Equal("rs_1", added.Id);
        Assert.Equal(OutputItemStatus.InProgress, added.Status);
        Assert.Empty(added.Summary);
        Assert.Empty(added.Content!);
        var part = Assert.IsType<ResponseContentPartAddedEvent>(events[3]);
        Assert.Equal(0, part.ContentIndex);
        Assert.Equal("", Assert.IsType<ReasoningTextContent>(part.Part).Text);
        var delta = Assert.IsType<ResponseReasoningTextDeltaEvent>(events[4]);
        Assert.Equal(("rs_1", 0, 0, "Think"), (delta.ItemId, delta.OutputIndex, delta.ContentIndex, delta.Delta));
        Assert.Equal("Thinking.", Assert.IsType<ResponseReasoningTextDoneEvent>(events[6]).Text);
        Assert.Equal("Thinking.", Assert.IsType<ReasoningTextContent>(Assert.IsType<ResponseContentPartDoneEvent>(events[7]).Part).Text);
        Assert.Equal(1, Assert.IsType<ResponseOutputItemAddedEvent>(events[9]).OutputIndex);
        Assert.Equal(("msg_2", 1), (Assert.IsType<ResponseTextDeltaEvent>(events[11]).ItemId, Assert.IsType<ResponseTextDeltaEvent>(events[11]).OutputIndex));

        var response = EventSequences.AssertConsistent(events);
        var reasoning = Assert.IsType<ReasoningItem>(response.Output[0]);
        Assert.Equal(OutputItemStatus.Completed, reasoning.Status);
        Assert.Empty(reasoning.Summary);
        Assert.Equal("Thinking.", Assert.IsType<ReasoningTextContent>(Assert.Single(reasoning.Content!)).Text);
        var message = Assert.IsType<OutputMessage>(response.Output[1]);
        Assert.Equal(OutputItemStatus.Completed, message.Status);
        Assert.Equal("Hi", Assert.IsType<OutputTextContent>(Assert.Single(message.Content)).Text);
        Assert.Equal(5, response.Usage?.OutputTokensDetails.ReasoningTokens);
    }

    [Fact]
    public void Length_inside_reasoning_leaves_an_incomplete_reasoning_item_and_no_message()
    {
        var events = Run(new ReasoningDelta("Hmm"), new GenerationFinished(FinishReason.Length, Usage));

        Assert.Equal(
            [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.reasoning_text.delta",
                "response.reasoning_text.done", "response.content_part.done", "response.output_item.done",
                "response.incomplete",
            ],
            EventSequences.Types(events));
        var response = EventSequences.AssertConsistent(events);
        Assert.Equal(ResponseStatus.Incomplete, response.Status);
        var reasoning = Assert.IsType<ReasoningItem>(Assert.Single(response.Output));
        Assert.Equal(OutputItemStatus.Incomplete, reasoning.Status);
        Assert.Equal("Hmm", Assert.IsType<ReasoningTextContent>(Assert.Single(reasoning.Content!)).Text);
    }

    [Fact]
    public void Length_inside_text_after_reasoning_completes_the_reasoning_and_cuts_the_message()
    {
        var events = Run(new ReasoningDelta("Ok."), new TextDelta("The ans"), new GenerationFinished(FinishReason.Length, Usage));

        var response = EventSequences.AssertConsistent(events);
        Assert.Equal(ResponseStatus.Incomplete, response.Status);
        Assert.Equal(OutputItemStatus.Completed, Assert.IsType<ReasoningItem>(response.Output[0]).Status);
        var message = Assert.IsType<OutputMessage>(response.Output[1]);
        Assert.Equal(OutputItemStatus.Incomplete, message.Status);
        Assert.Equal("The ans", Assert.IsType<OutputTextContent>(Assert.Single(message.Content)).Text);
    }

    [Fact]
    public void Reasoning_only_has_no_empty_message()
    {
        var response = EventSequences.AssertConsistent(Run(new ReasoningDelta("..."), new GenerationFinished(FinishReason.Stop, Usage)));

        Assert.IsType<ReasoningItem>(Assert.Single(response.Output));
    }

    [Fact]
    public void Reasoning_after_text_opens_a_new_item()
    {
        var response = EventSequences.AssertConsistent(Run(
            new ReasoningDelta("a"), new TextDelta("b"), new ReasoningDelta("c"), new GenerationFinished(FinishReason.Stop, Usage)));

        Assert.Equal(["rs_1", "msg_2", "rs_3"], response.Output.Select(EventSequences.IdOf));
    }
}
