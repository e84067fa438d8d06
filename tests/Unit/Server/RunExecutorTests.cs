using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;

namespace Responses.Tests.Unit.Server;

/// <summary>
/// The executor's failure path: an engine that breaks after the stream began. Real inference does not fail on cue,
/// so a narrow stub engine stands in here, and only here.
/// </summary>
public sealed class RunExecutorTests
{
    [Fact]
    public async Task A_generation_that_breaks_mid_stream_ends_with_response_failed()
    {
        var run = Runs.For().WithModel(new BreaksAfterOnePiece());
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
        var run = Runs.For().WithModel(new BreaksAfterOnePiece());

        var error = await Assert.ThrowsAsync<ApiException>(
            () => Executors.Create().CollectAsync(Executors.Plan(run), CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.Status);
        Assert.Equal("server_error", error.Code);
    }

    private sealed class BreaksAfterOnePiece : ILanguageModel
    {
        public ModelInfo Info { get; } = new("m", 128, "/nowhere", TimeSpan.Zero);

        public GenerationActivity Activity { get; } = new();


        public ModelCapabilities Capabilities { get; } = new(false, false, false, 1, []);

        public RenderedPrompt Render(ChatPrompt prompt) => throw new InvalidOperationException();

        public long EstimateMemoryBytes(RenderedPrompt prompt, SamplingSettings sampling) => 0;

        public async IAsyncEnumerable<OutputEvent> GenerateAsync(
            RenderedPrompt prompt, SamplingSettings sampling, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return new TextDelta("Hel");
            throw new InvalidOperationException("boom: the native session went away");
        }
    }
}
