using System.Net;
using System.Runtime.CompilerServices;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Runs.Responses;

namespace Responses.Tests.Unit.Server;

/// <summary>
/// A client that waits for the whole answer gets the Response the run's terminal event carries, through the same
/// executor and projection a stream goes through; a failed run is the failure's own status instead. Real inference
/// does not produce given output on cue, so a narrow stub engine replays it here.
/// </summary>
public sealed class ResponseCollectorTests
{
    private static async Task<Response?> CollectAsync(params OutputEvent[] outputs)
    {
        var run = Runs.For().WithModel(new ReplayedModel(outputs));
        var result = await Executors.Create().CollectAsync(Executors.Plan(run), CancellationToken.None);
        return ResponseProjection.Terminal(result.Last);
    }

    [Fact]
    public async Task A_completed_run_answers_its_final_response()
    {
        var response = await CollectAsync(new TextDelta("hi"), new GenerationFinished(FinishReason.Stop, new TokenUsage(1, 1)));

        Assert.Equal(ResponseStatus.Completed, response!.Status);
        Assert.Equal("hi", Assert.IsType<OutputTextContent>(Assert.Single(Assert.IsType<OutputMessage>(Assert.Single(response.Output)).Content)).Text);
    }

    [Fact]
    public async Task A_response_of_several_items_answers_all_of_them_in_order()
    {
        var response = await CollectAsync(
            new ReasoningDelta("hmm"), new TextDelta("hi"), new ToolCallCompleted(0, "f", "{}"), new GenerationFinished(FinishReason.Stop, new TokenUsage(1, 3)));

        Assert.Collection(
            response!.Output,
            item => Assert.IsType<ReasoningItem>(item),
            item => Assert.IsType<OutputMessage>(item),
            item => Assert.Equal("f", Assert.IsType<FunctionToolCall>(item).Name));
    }

    [Fact]
    public async Task An_incomplete_run_answers_its_final_response()
    {
        var response = await CollectAsync(new TextDelta("hi"), new GenerationFinished(FinishReason.Length, new TokenUsage(1, 16)));

        Assert.Equal(ResponseStatus.Incomplete, response!.Status);
    }

    [Fact]
    public async Task A_failed_run_is_its_failure_with_its_status()
    {
        // Output the builder cannot place (arguments for a call that never started): a bug upstream, a server error.
        var error = await Assert.ThrowsAsync<ApiException>(() => CollectAsync(new TextDelta("hi"), new ToolCallArgumentsDelta(3, "{")));

        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
        Assert.Equal("server_error", error.Code);
    }

    /// <summary>Replays given output as a generation; the model slot of a run whose output the test decides.</summary>
}
