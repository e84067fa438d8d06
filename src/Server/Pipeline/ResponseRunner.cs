using System.Runtime.CompilerServices;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Events;
using Responses.Server.Ids;

namespace Responses.Server.Pipeline;

/// <summary>
/// Generates for one run and yields its spec events in order. Both sinks (SSE and JSON) consume this same
/// sequence, so a streamed response and a plain one cannot drift apart.
/// </summary>
public sealed class ResponseRunner(IIdGenerator ids, TimeProvider clock, ILogger<ResponseRunner> logger)
{
    public async IAsyncEnumerable<ResponseStreamEvent> RunAsync(ResponseRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var builder = new ResponseEventBuilder(run, ids, clock);
        yield return builder.Created();
        yield return builder.InProgress();

        var started = clock.GetTimestamp();
        var events = new List<ResponseStreamEvent>(capacity: 8);
        await using var output = run.Model.GenerateAsync(run.Prompt, run.Sampling, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ApiException? failure = null;
            try
            {
                if (!await output.MoveNextAsync())
                {
                    yield break;
                }

                builder.Apply(output.Current, events);
                if (output.Current is GenerationFinished finished)
                {
                    LogFinished(run, finished, clock.GetElapsedTime(started));
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The 200 and earlier events are already out: the failure becomes the stream's terminal event.
                failure = ApiExceptionHandler.Map(exception);
                logger.LogError(exception, "Generation failed for {ResponseId}", run.ResponseId);
            }

            if (failure is not null)
            {
                yield return builder.Failed(failure.Code ?? failure.Type, failure.Message);
                yield break;
            }

            foreach (var streamEvent in events)
            {
                yield return streamEvent;
            }

            events.Clear();
        }
    }

    private void LogFinished(ResponseRun run, GenerationFinished finished, TimeSpan elapsed) =>
        logger.LogInformation(
            "{ResponseId} {Reason} in {ElapsedMs:F0} ms: {InputTokens} prompt + {OutputTokens} output tokens ({TokensPerSecond:F0} tok/s)",
            run.ResponseId,
            finished.Reason == FinishReason.Stop ? "completed" : "incomplete (max_output_tokens)",
            elapsed.TotalMilliseconds,
            finished.Usage.InputTokens,
            finished.Usage.OutputTokens,
            finished.Usage.OutputTokens / Math.Max(elapsed.TotalSeconds, 1e-6));
}
