using System.Net;
using System.Runtime.CompilerServices;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Events;
using Responses.Server.Ids;

namespace Responses.Server.Pipeline;

/// <summary>
/// The spec events of one run, in order, and the one place that turns a failure after the first event into the
/// stream's terminal <c>response.failed</c>: failures of generation (here) and failures of the sink itself
/// (<see cref="Fail"/>), so no stream ends cut without a last word.
/// </summary>
public sealed class ResponseEventStream
{
    private readonly ResponseRun run;
    private readonly GenerationLease lease;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly ResponseEventBuilder builder;
    private bool ended;

    internal ResponseEventStream(ResponseRun run, GenerationLease lease, IIdGenerator ids, TimeProvider clock, ILogger logger)
    {
        this.run = run;
        this.lease = lease;
        this.clock = clock;
        this.logger = logger;
        builder = new ResponseEventBuilder(run, ids, clock);
    }

    /// <summary>What went wrong when the sequence ended with <c>response.failed</c>, as the error a JSON client gets.</summary>
    public ApiException? Failure { get; private set; }

    public async IAsyncEnumerable<ResponseStreamEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return builder.Created();
        yield return builder.InProgress();

        var started = clock.GetTimestamp();
        var events = new List<ResponseStreamEvent>(capacity: 8);
        await using var output = lease.GenerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ResponseStreamEvent? failed = null;
            try
            {
                if (!await output.MoveNextAsync())
                {
                    yield break;
                }

                builder.Apply(output.Current, events);
                if (output.Current is GenerationFinished finished)
                {
                    ended = true;
                    LogFinished(finished, clock.GetElapsedTime(started));
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The 200 and earlier events are already out: the failure becomes the stream's terminal event.
                failed = Fail(exception);
            }

            if (failed is not null)
            {
                yield return failed;
                yield break;
            }

            foreach (var streamEvent in events)
            {
                yield return streamEvent;
            }

            events.Clear();
        }
    }

    /// <summary>
    /// The terminal event for a failure after the stream began (of generation, or of the sink writing it), or null
    /// when the stream already had its terminal event and there is nothing left to say.
    /// </summary>
    /// <param name="lastDelivered">The last event the sink wrote, when the sink is the one that failed.</param>
    public ResponseStreamEvent? Fail(Exception exception, ResponseStreamEvent? lastDelivered = null)
    {
        if (ended && (lastDelivered is null || lastDelivered is ResponseCompletedEvent or ResponseIncompleteEvent or ResponseFailedEvent))
        {
            return null;
        }

        ended = true;
        Failure = ApiExceptionHandler.Map(exception);
        if (Failure.Status >= HttpStatusCode.InternalServerError && exception is not SchedulerStoppedException)
        {
            logger.LogError(exception, "{ResponseId} failed after its stream began", run.ResponseId);
        }
        else
        {
            logger.LogWarning("{ResponseId} ended early: {Message}", run.ResponseId, Failure.Message);
        }

        return builder.Failed(ResponseErrorCodes.For(Failure), Failure.Message, lastDelivered);
    }

    private void LogFinished(GenerationFinished finished, TimeSpan elapsed) =>
        logger.LogInformation(
            "{ResponseId} {Reason} in {ElapsedMs:F0} ms (queued {QueuedMs:F0} ms): {InputTokens} prompt + {OutputTokens} output tokens ({TokensPerSecond:F0} tok/s)",
            run.ResponseId,
            finished.Reason switch
            {
                FinishReason.Length => "incomplete (max_output_tokens)",
                FinishReason.ToolCalls => "completed with tool calls",
                _ => "completed",
            },
            elapsed.TotalMilliseconds,
            lease.Waited.TotalMilliseconds,
            finished.Usage.InputTokens,
            finished.Usage.OutputTokens,
            finished.Usage.OutputTokens / Math.Max(elapsed.TotalSeconds, 1e-6));
}
