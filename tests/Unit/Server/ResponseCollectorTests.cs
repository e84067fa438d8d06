using System.Net;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Events;
using Responses.Server.Pipeline;

namespace Responses.Tests.Unit.Server;

/// <summary>The JSON sink answers with the Response the stream's terminal event carries.</summary>
public sealed class ResponseCollectorTests
{
    private static async IAsyncEnumerable<ResponseStreamEvent> Events(params OutputEvent[] outputs)
    {
        var builder = new ResponseEventBuilder(Runs.For(), new SequentialIds(), new FixedClock());
        yield return builder.Created();
        yield return builder.InProgress();
        var buffer = new List<ResponseStreamEvent>();
        foreach (var output in outputs)
        {
            await Task.Yield();
            builder.Apply(output, buffer);
            foreach (var e in buffer)
            {
                yield return e;
            }

            buffer.Clear();
        }
    }

    [Fact]
    public async Task Completed_stream_answers_its_final_response()
    {
        var response = await ResponseCollector.CollectAsync(
            Events(new TextDelta("hi"), new GenerationFinished(FinishReason.Stop, new TokenUsage(1, 1))), CancellationToken.None);

        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.Equal("hi", Assert.IsType<OutputTextContent>(Assert.Single(Assert.IsType<OutputMessage>(Assert.Single(response.Output)).Content)).Text);
    }

    [Fact]
    public async Task A_response_of_several_items_answers_all_of_them_in_order()
    {
        var response = await ResponseCollector.CollectAsync(
            Events(
                new ReasoningDelta("hmm"), new TextDelta("hi"), new ToolCallCompleted(0, "f", "{}"),
                new GenerationFinished(FinishReason.Stop, new TokenUsage(1, 3))),
            CancellationToken.None);

        Assert.Collection(
            response.Output,
            item => Assert.IsType<ReasoningItem>(item),
            item => Assert.IsType<OutputMessage>(item),
            item => Assert.Equal("f", Assert.IsType<FunctionToolCall>(item).Name));
    }

    [Fact]
    public async Task Incomplete_stream_answers_its_final_response()
    {
        var response = await ResponseCollector.CollectAsync(
            Events(new TextDelta("hi"), new GenerationFinished(FinishReason.Length, new TokenUsage(1, 16))), CancellationToken.None);

        Assert.Equal(ResponseStatus.Incomplete, response.Status);
    }

    [Fact]
    public async Task Failed_stream_is_a_500_with_the_failure_code()
    {
        static async IAsyncEnumerable<ResponseStreamEvent> Failing()
        {
            var builder = new ResponseEventBuilder(Runs.For(), new SequentialIds(), new FixedClock());
            yield return builder.Created();
            await Task.Yield();
            yield return builder.Failed("server_error", "broke");
        }

        var error = await Assert.ThrowsAsync<ApiException>(() => ResponseCollector.CollectAsync(Failing(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
        Assert.Equal("server_error", error.Code);
        Assert.Equal("broke", error.Message);
    }

    [Fact]
    public async Task Stream_without_a_terminal_event_is_a_fault()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => ResponseCollector.CollectAsync(Events(new TextDelta("hi")), CancellationToken.None));
    }
}
