using System.Net;
using System.Runtime.CompilerServices;
using Responses.Inference;
using Responses.Server.Errors;

namespace Responses.Server.Pipeline;

/// <summary>
/// The part of a run every API shares once it is admitted: the typed output of its generation (with one log line
/// when it finishes), and what a failure after the stream began means to the client. What differs between APIs is
/// only the event builder that turns this output into the API's own events.
/// </summary>
public sealed class RunGeneration(GenerationRun run, GenerationLease lease, TimeProvider clock, ILogger logger)
{
    public GenerationRun Run { get; } = run;

    /// <summary>The lease's output events, in order, ending with <see cref="GenerationFinished"/> unless cancelled.</summary>
    public async IAsyncEnumerable<OutputEvent> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        await foreach (var output in lease.GenerateAsync(cancellationToken).WithCancellation(cancellationToken))
        {
            if (output is GenerationFinished finished)
            {
                LogFinished(finished, clock.GetElapsedTime(started));
            }

            yield return output;
        }
    }

    /// <summary>
    /// A failure after the first event as the error the client is told of (OpenAI's words and status), logged once:
    /// as an error when it is ours, as a warning when it is the shutdown or a limit.
    /// </summary>
    public ApiException Describe(Exception exception)
    {
        var failure = ApiExceptionHandler.Map(exception);
        if (failure.Status >= HttpStatusCode.InternalServerError && exception is not SchedulerStoppedException)
        {
            logger.LogError(exception, "{ResponseId} failed after its stream began", Run.Id);
        }
        else
        {
            logger.LogWarning("{ResponseId} ended early: {Message}", Run.Id, failure.Message);
        }

        return failure;
    }

    private void LogFinished(GenerationFinished finished, TimeSpan elapsed) =>
        logger.LogInformation(
            "{ResponseId} {Reason} in {ElapsedMs:F0} ms (queued {QueuedMs:F0} ms): {InputTokens} prompt + {OutputTokens} output tokens ({TokensPerSecond:F0} tok/s)",
            Run.Id,
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
