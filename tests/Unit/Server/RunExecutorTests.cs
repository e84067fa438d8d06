using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Responses.Generated;
using Responses.Inference;
using Microsoft.Extensions.Options;
using Responses.Server.Errors;
using Responses.Server.Runs;
using Responses.Server.Storage;
using Responses.Server.Storage.Memory;

namespace Responses.Tests.Unit.Server;

/// <summary>
/// The executor's failure contract: an engine or a sink that breaks after the stream began ends the run exactly once.
/// Real inference and real connections do not fail on cue, so narrow stand-ins are used here.
/// </summary>
public sealed class RunExecutorTests
{
    [Fact]
    public async Task A_generation_that_breaks_mid_stream_ends_with_response_failed()
    {
        var run = Runs.For().WithModel(BreaksAfterOnePiece());
        var sink = new ListSink<ResponseStreamEvent>();

        var result = await Executors.Create().RunAsync(Executors.Plan(run), sink, CancellationToken.None);

        var events = sink.Events;
        Assert.Same(events[^1], result.Last);
        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
             "response.output_text.delta", "response.failed"],
            events.Select(ResponsesJson.EventType));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.SequenceNumber));
        var failed = Assert.IsType<ResponseFailedEvent>(events[^1]).Response;
        Assert.Equal(ResponseStatus.Failed, failed.Status);
        Assert.Equal("server_error", failed.Error!.Code);
        Assert.DoesNotContain("boom", failed.Error.Message, StringComparison.Ordinal);
        var partial = Assert.IsType<OutputMessage>(Assert.Single(failed.Output));
        Assert.Equal(OutputItemStatus.Incomplete, partial.Status);
        Assert.Equal("Hel", Assert.IsType<OutputTextContent>(Assert.Single(partial.Content)).Text);
    }

    [Fact]
    public async Task The_json_sink_turns_a_failed_run_into_a_server_error()
    {
        var run = Runs.For().WithModel(BreaksAfterOnePiece());

        var error = await Assert.ThrowsAsync<ApiException>(
            () => Executors.Create().CollectAsync(Executors.Plan(run), CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.Status);
        Assert.Equal("server_error", error.Code);
    }

    private static ReplayedModel BreaksAfterOnePiece() =>
        new([new TextDelta("Hel")], new InvalidOperationException("boom: the native session went away"));

    private static readonly OutputEvent[] Hello =
        [new TextDelta("Hel"), new TextDelta("lo"), new GenerationFinished(FinishReason.Stop, new TokenUsage(3, 2))];

    [Fact]
    public async Task A_sink_that_breaks_mid_stream_ends_the_run_once_as_failed()
    {
        var store = new RecordingStore();
        var sink = new BreakingSink(type => type == "response.output_text.delta");

        var result = await Executors.Create().RunAsync(
            Executors.Plan(Runs.For().WithModel(new ReplayedModel(Hello)), store), sink, CancellationToken.None);

        // Once, as failed: never also as cancelled, though the event iterator was cut off by the sink's failure.
        Assert.Equal(["failed"], store.SavedStatuses);
        Assert.Equal("response.failed", ResponsesJson.EventType(Assert.IsAssignableFrom<ResponseStreamEvent>(result.Last)));
        Assert.Single(sink.Events, e => e is ResponseFailedEvent);
        Assert.NotNull(result.Failure);
    }

    [Fact]
    public async Task A_sink_that_breaks_on_the_completed_event_tells_the_client_it_failed_and_keeps_that()
    {
        var store = new RecordingStore();
        var sink = new BreakingSink(type => type == "response.completed");

        var result = await Executors.Create().RunAsync(
            Executors.Plan(Runs.For().WithModel(new ReplayedModel(Hello)), store), sink, CancellationToken.None);

        // The client never saw "completed": it is told "failed", and what is kept says what it was told.
        Assert.Equal(["completed", "failed"], store.SavedStatuses);
        Assert.IsType<ResponseFailedEvent>(sink.Events[^1]);
        Assert.Equal(Enumerable.Range(0, sink.Events.Count), sink.Events.Select(e => e.SequenceNumber));
        Assert.NotNull(result.Failure);
    }

    [Fact]
    public async Task A_sink_that_breaks_on_the_failed_event_tries_it_again_but_keeps_it_once()
    {
        var store = new RecordingStore();
        var attempts = 0;
        var sink = new BreakingSink(type => type == "response.failed" && ++attempts == 1);

        var result = await Executors.Create().RunAsync(
            Executors.Plan(Runs.For().WithModel(BreaksAfterOnePiece()), store), sink, CancellationToken.None);

        Assert.Equal(["failed"], store.SavedStatuses);
        Assert.IsType<ResponseFailedEvent>(Assert.Single(sink.Events, e => e is ResponseFailedEvent));
        Assert.Equal(Enumerable.Range(0, sink.Events.Count), sink.Events.Select(e => e.SequenceNumber));
        Assert.Equal("server_error", result.Failure!.Code);
    }

    [Fact]
    public async Task A_client_that_leaves_mid_stream_is_kept_once_as_cancelled()
    {
        var store = new RecordingStore();
        using var left = new CancellationTokenSource();
        var sink = new BreakingSink(type => type == "response.output_text.delta", onBreak: left.Cancel);

        await Assert.ThrowsAnyAsync<Exception>(() => Executors.Create().RunAsync(
            Executors.Plan(Runs.For().WithModel(new ReplayedModel(Hello)), store), sink, left.Token));

        Assert.Equal(["cancelled"], store.SavedStatuses);
        Assert.DoesNotContain(sink.Events, e => e is ResponseFailedEvent);
    }

    /// <summary>Takes events until one of a type it breaks on, then throws as a broken connection does.</summary>
    private sealed class BreakingSink(Func<string, bool> breaksOn, Action? onBreak = null) : IRunSink<ResponseStreamEvent>
    {
        public List<ResponseStreamEvent> Events { get; } = [];

        public async Task WriteAsync(IAsyncEnumerable<ResponseStreamEvent> events, CancellationToken cancellationToken)
        {
            await foreach (var item in events)
            {
                if (breaksOn(ResponsesJson.EventType(item)))
                {
                    onBreak?.Invoke();
                    throw new IOException("Broken pipe");
                }

                Events.Add(item);
            }
        }

        public Task WriteLastAsync(ResponseStreamEvent terminal, CancellationToken cancellationToken)
        {
            if (breaksOn(ResponsesJson.EventType(terminal)))
            {
                throw new IOException("Broken pipe");
            }

            Events.Add(terminal);
            return Task.CompletedTask;
        }
    }

    /// <summary>A memory store that also says, in order, the status of every response saved into it.</summary>
    private sealed class RecordingStore : IResponseStore
    {
        private readonly MemoryResponseStore inner = new(Options.Create(new MemoryResponseStoreOptions()));

        public List<string> SavedStatuses { get; } = [];

        public bool IsAvailable => true;

        public Task<bool> SaveAsync(StoredResponse response, CancellationToken cancellationToken)
        {
            lock (SavedStatuses)
            {
                SavedStatuses.Add(StoredResponseState.Read(response.ResponseJson).Status);
            }

            return inner.SaveAsync(response, cancellationToken);
        }

        public Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

        public Task<StoredChain?> FindChainAsync(string id, CancellationToken cancellationToken) => inner.FindChainAsync(id, cancellationToken);

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);
    }
}
