using System.Net;
using System.Runtime.CompilerServices;
using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Observability;

namespace Responses.Server.Pipeline;

/// <summary>
/// The part of a run every API shares once it is admitted: the typed output of its generation (reported to the
/// request's telemetry, which writes the request's one log line and its metrics), and what a failure after the
/// stream began means to the client. What differs between APIs is only the event builder that turns this output
/// into the API's own events.
/// </summary>
/// <param name="telemetry">The request's record; null outside an HTTP request.</param>
public sealed class RunGeneration(GenerationRun run, GenerationLease lease, ILogger logger, RequestTelemetry? telemetry)
{
    public GenerationRun Run { get; } = run;

    /// <summary>The lease's output events, in order, ending with <see cref="GenerationFinished"/> unless cancelled.</summary>
    public async IAsyncEnumerable<OutputEvent> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var output in lease.GenerateAsync(cancellationToken).WithCancellation(cancellationToken))
        {
            telemetry?.Observe(output);
            yield return output;
        }
    }

    /// <summary>
    /// A failure after the first event as the error the client is told of (OpenAI's words and status), logged once:
    /// as an error when it is ours, as a warning when it is the shutdown or a limit.
    /// </summary>
    public ApiException Describe(Exception exception) => Describe(exception, Run.Id, logger, telemetry);

    /// <summary>The same, for a run that failed before it had a generation (a background run refused admission).</summary>
    public static ApiException Describe(Exception exception, string runId, ILogger logger, RequestTelemetry? telemetry)
    {
        var failure = ApiExceptionHandler.Map(exception);
        telemetry?.Ended(RunOutcome.Failed, failure.Message);
        if (failure.Status >= HttpStatusCode.InternalServerError && exception is not SchedulerStoppedException)
        {
            logger.LogError(exception, "{ResponseId} failed after its stream began", runId);
        }
        else
        {
            logger.LogWarning("{ResponseId} ended early: {Message}", runId, failure.Message);
        }

        return failure;
    }
}
