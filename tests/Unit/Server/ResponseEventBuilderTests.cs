using Responses.Generated;
using Responses.Inference;
using Responses.Server.Runs;
using Responses.Server.Runs.Responses;

namespace Responses.Tests.Unit.Server;

/// <summary>The open/delta/close state machine, fed typed output by hand: no model runs.</summary>
public sealed class ResponseEventBuilderTests
{
    private readonly FixedClock clock = new();

    private static readonly TokenUsage Usage = new(InputTokens: 3, OutputTokens: 5);

    private ResponseEventBuilder NewBuilder(ResponseRun? run = null) => new(run ?? Runs.For(), new SequentialIds(), clock);

    private List<ResponseStreamEvent> Run(params OutputEvent[] outputs) => EventSequences.Run(NewBuilder(), outputs);

    private static List<ResponseStreamEvent> Run(ResponseEventBuilder builder, params OutputEvent[] outputs) => EventSequences.Run(builder, outputs);

    private static string[] Types(IEnumerable<ResponseStreamEvent> events) => EventSequences.Types(events);

    [Fact]
    public void Created_and_in_progress_carry_an_in_progress_response_with_no_output()
    {
        var builder = NewBuilder();
        var created = Assert.IsType<ResponseCreatedEvent>(builder.Created());
        var inProgress = Assert.IsType<ResponseInProgressEvent>(builder.InProgress());

        foreach (var response in new[] { created.Response, inProgress.Response })
        {
            Assert.Equal(ResponseStatus.InProgress, response.Status);
            Assert.Empty(response.Output);
            Assert.Equal(Runs.ResponseId, response.Id);
            Assert.Equal(Runs.CreatedAt, response.CreatedAt);
            Assert.Equal("m", response.Model);
            Assert.Null(response.Usage);
            Assert.Null(response.CompletedAt);
            Assert.Null(response.Error);
            Assert.Null(response.IncompleteDetails);
        }

        Assert.Equal(0, created.SequenceNumber);
        Assert.Equal(1, inProgress.SequenceNumber);
    }

    [Fact]
    public void First_delta_opens_the_item_and_part_then_each_delta_is_one_event()
    {
        var builder = NewBuilder();
        builder.Created();
        builder.InProgress();
        var events = new List<ResponseStreamEvent>();

        builder.Apply(new TextDelta("Hel"), events);

        Assert.Equal(["response.output_item.added", "response.content_part.added", "response.output_text.delta"], Types(events));
        var added = Assert.IsType<ResponseOutputItemAddedEvent>(events[0]);
        var message = Assert.IsType<OutputMessage>(added.Item);
        Assert.Equal("msg_1", message.Id);
        Assert.Equal(OutputMessageRole.Assistant, message.Role);
        Assert.Equal(OutputItemStatus.InProgress, message.Status);
        Assert.Empty(message.Content);
        Assert.Equal(0, added.OutputIndex);
        var part = Assert.IsType<ResponseContentPartAddedEvent>(events[1]);
        Assert.Equal("msg_1", part.ItemId);
        Assert.Equal(0, part.ContentIndex);
        Assert.Equal("", Assert.IsType<OutputTextContent>(part.Part).Text);
        var delta = Assert.IsType<ResponseTextDeltaEvent>(events[2]);
        Assert.Equal("Hel", delta.Delta);
        Assert.Equal("msg_1", delta.ItemId);
        Assert.Equal(0, delta.OutputIndex);
        Assert.Equal(0, delta.ContentIndex);

        events.Clear();
        builder.Apply(new TextDelta("lo"), events);
        Assert.Equal("lo", Assert.IsType<ResponseTextDeltaEvent>(Assert.Single(events)).Delta);

        events.Clear();
        builder.Apply(new TextDelta("!"), events);
        Assert.Equal("!", Assert.IsType<ResponseTextDeltaEvent>(Assert.Single(events)).Delta);
    }

    [Fact]
    public void Stop_closes_the_part_and_item_and_completes_the_response()
    {
        clock.Now = FixedClock.Start.AddSeconds(7);

        var events = Run(new TextDelta("Hel"), new TextDelta("lo"), new GenerationFinished(FinishReason.Stop, Usage));

        Assert.Equal(
            [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed",
            ],
            Types(events));
        Assert.Equal("Hello", Assert.IsType<ResponseTextDoneEvent>(events[6]).Text);
        Assert.Equal("Hello", Assert.IsType<OutputTextContent>(Assert.IsType<ResponseContentPartDoneEvent>(events[7]).Part).Text);
        var item = Assert.IsType<OutputMessage>(Assert.IsType<ResponseOutputItemDoneEvent>(events[8]).Item);
        Assert.Equal(OutputItemStatus.Completed, item.Status);
        Assert.Equal("Hello", Assert.IsType<OutputTextContent>(Assert.Single(item.Content)).Text);

        var response = Assert.IsType<ResponseCompletedEvent>(events[9]).Response;
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.Equal(Runs.CreatedAt + 7, response.CompletedAt);
        Assert.Null(response.IncompleteDetails);
        Assert.Null(response.Error);
        var output = Assert.IsType<OutputMessage>(Assert.Single(response.Output));
        Assert.Equal("msg_1", output.Id);
        Assert.Equal(OutputItemStatus.Completed, output.Status);
        Assert.Equal("Hello", Assert.IsType<OutputTextContent>(Assert.Single(output.Content)).Text);
        Assert.NotNull(response.Usage);
        Assert.Equal(3, response.Usage.InputTokens);
        Assert.Equal(5, response.Usage.OutputTokens);
        Assert.Equal(8, response.Usage.TotalTokens);
        Assert.Equal(0, response.Usage.InputTokensDetails.CachedTokens);
        Assert.Equal(0, response.Usage.OutputTokensDetails.ReasoningTokens);
    }

    [Fact]
    public void Length_ends_incomplete_for_max_output_tokens()
    {
        var events = Run(new TextDelta("abc"), new GenerationFinished(FinishReason.Length, Usage));

        Assert.Equal("response.incomplete", Types(events)[^1]);
        var item = Assert.IsType<OutputMessage>(Assert.IsType<ResponseOutputItemDoneEvent>(events[^2]).Item);
        Assert.Equal(OutputItemStatus.Incomplete, item.Status);
        var response = Assert.IsType<ResponseIncompleteEvent>(events[^1]).Response;
        Assert.Equal(ResponseStatus.Incomplete, response.Status);
        Assert.Equal(ResponseIncompleteDetailsReason.MaxOutputTokens, response.IncompleteDetails?.Reason);
        Assert.Null(response.CompletedAt);
        Assert.Equal(OutputItemStatus.Incomplete, Assert.IsType<OutputMessage>(Assert.Single(response.Output)).Status);
        Assert.Equal(5, response.Usage?.OutputTokens);
    }

    [Fact]
    public void Empty_reply_still_opens_the_item_and_part_and_closes_them_with_empty_text()
    {
        var events = Run(new GenerationFinished(FinishReason.Stop, new TokenUsage(3, 1)));

        Assert.Equal(
            [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed",
            ],
            Types(events));
        Assert.Equal("", Assert.IsType<ResponseTextDoneEvent>(events[4]).Text);
        var response = Assert.IsType<ResponseCompletedEvent>(events[^1]).Response;
        var message = Assert.IsType<OutputMessage>(Assert.Single(response.Output));
        Assert.Equal("", Assert.IsType<OutputTextContent>(Assert.Single(message.Content)).Text);
    }

    [Fact]
    public void Sequence_numbers_run_from_zero_without_gaps_across_every_event()
    {
        var events = Run(
            new TextDelta("a"), new TextDelta("b"), new TextDelta("c"), new TextDelta("d"),
            new GenerationFinished(FinishReason.Stop, Usage));

        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.SequenceNumber));
    }

    [Fact]
    public void Item_ids_agree_across_the_events_of_one_message()
    {
        var events = Run(new TextDelta("a"), new GenerationFinished(FinishReason.Stop, Usage));

        var ids = events.Select(e => e switch
        {
            ResponseContentPartAddedEvent x => x.ItemId,
            ResponseTextDeltaEvent x => x.ItemId,
            ResponseTextDoneEvent x => x.ItemId,
            ResponseContentPartDoneEvent x => x.ItemId,
            ResponseOutputItemAddedEvent x => ((OutputMessage)x.Item).Id,
            ResponseOutputItemDoneEvent x => ((OutputMessage)x.Item).Id,
            _ => null,
        }).OfType<string>().Distinct();
        Assert.Equal(["msg_1"], ids);
    }

    [Fact]
    public void Failure_before_any_text_is_response_failed_with_no_output()
    {
        var builder = NewBuilder();
        var events = Run(builder);

        var failed = Assert.IsType<ResponseFailedEvent>(builder.Failed("server_error", "The model broke."));

        Assert.Equal(events.Count, failed.SequenceNumber);
        Assert.Equal(ResponseStatus.Failed, failed.Response.Status);
        Assert.Equal("server_error", failed.Response.Error?.Code);
        Assert.Equal("The model broke.", failed.Response.Error?.Message);
        Assert.Empty(failed.Response.Output);
        Assert.Null(failed.Response.Usage);
    }

    [Fact]
    public void Failure_after_text_keeps_the_partial_message_as_incomplete()
    {
        var builder = NewBuilder();
        var events = Run(builder, new TextDelta("par"), new TextDelta("tial"));

        var failed = Assert.IsType<ResponseFailedEvent>(builder.Failed("context_length_exceeded", "Too long."));

        Assert.Equal(events[^1].SequenceNumber + 1, failed.SequenceNumber);
        Assert.Equal("context_length_exceeded", failed.Response.Error?.Code);
        var message = Assert.IsType<OutputMessage>(Assert.Single(failed.Response.Output));
        Assert.Equal(OutputItemStatus.Incomplete, message.Status);
        Assert.Equal("partial", Assert.IsType<OutputTextContent>(Assert.Single(message.Content)).Text);
    }

    [Fact]
    public void Plain_text_events_agree_with_the_final_output()
    {
        var response = EventSequences.AssertConsistent(Run(new TextDelta("a"), new TextDelta("b"), new GenerationFinished(FinishReason.Stop, Usage)));

        Assert.Equal("msg_1", Assert.IsType<OutputMessage>(Assert.Single(response.Output)).Id);
    }

    [Fact]
    public void Usage_carries_reasoning_tokens()
    {
        var events = Run(new TextDelta("a"), new GenerationFinished(FinishReason.Stop, new TokenUsage(3, 9, ReasoningTokens: 6)));

        var usage = Assert.IsType<ResponseCompletedEvent>(events[^1]).Response.Usage;
        Assert.Equal(6, usage?.OutputTokensDetails.ReasoningTokens);
        Assert.Equal(9, usage?.OutputTokens);
    }

    [Fact]
    public void Output_the_builder_does_not_know_throws_naming_its_type()
    {
        var builder = NewBuilder();
        Run(builder, new TextDelta("a"));

        var error = Assert.Throws<InvalidOperationException>(() => builder.Apply(new UnknownOutput(), []));

        Assert.Contains(nameof(UnknownOutput), error.Message);
    }

    private sealed record UnknownOutput : OutputEvent;
}
