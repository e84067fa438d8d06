using Responses.Inference;

namespace Responses.Server.Observability;

/// <summary>
/// The end of one served run: its token and first-token series, and its one log line. An HTTP request's, at its end
/// (<see cref="RequestTelemetryMiddleware"/>), and each turn of a WebSocket connection's, which is one long request.
/// </summary>
public sealed class RequestRecorder(ServerMetrics metrics, TimeProvider clock, ILoggerFactory loggers)
{
    /// <summary>The request lines' category, short so a settings file can turn them down: Logging:LogLevel:Responses.Requests.</summary>
    public const string LogCategory = "Responses.Requests";

    private readonly ILogger logger = loggers.CreateLogger(LogCategory);

    /// <param name="quiet">Logged at Debug rather than Information (health probes, metrics scrapes).</param>
    public void Record(RequestTelemetry telemetry, string method, string route, string path, int httpStatus, bool quiet = false)
    {
        Count(telemetry);
        var level = quiet ? LogLevel.Debug : LogLevel.Information;
        if (!logger.IsEnabled(level))
        {
            return;
        }

        var usage = telemetry.Usage;
        RequestLogEntry.Write(logger, level, new RequestLogEntry
        {
            Method = method,
            Route = route,
            Path = path,
            HttpStatus = httpStatus,
            Status = telemetry.Outcome is { } outcome ? Words(outcome) : httpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ResponseId = telemetry.ResponseId,
            Model = telemetry.Model,
            Stream = telemetry.Stream,
            InputTokens = usage?.InputTokens,
            OutputTokens = usage?.OutputTokens,
            ReasoningTokens = usage?.ReasoningTokens,
            TimeToFirstTokenMs = telemetry.TimeToFirstToken?.TotalMilliseconds,
            QueuedMs = telemetry.Queued?.TotalMilliseconds,
            TotalMs = clock.GetElapsedTime(telemetry.StartedAt).TotalMilliseconds,
            Error = telemetry.Error,
        });
    }

    /// <summary>Token series are labelled with the served model only: a refused request's model name is the client's text.</summary>
    private void Count(RequestTelemetry telemetry)
    {
        if (telemetry.ResponseId is null || telemetry.Model is not { } model)
        {
            return;
        }

        if (telemetry.TimeToFirstToken is { } firstToken)
        {
            metrics.TimeToFirstToken.WithLabels(model).Observe(firstToken.TotalSeconds);
        }

        if (telemetry.Usage is { } usage)
        {
            metrics.PromptTokens.WithLabels(model).Inc(usage.InputTokens);
            metrics.GeneratedTokens.WithLabels(model).Inc(usage.OutputTokens);
            metrics.ReasoningTokens.WithLabels(model).Inc(usage.ReasoningTokens);
            metrics.CachedTokens.WithLabels(model).Inc(usage.CachedTokens);
        }
    }

    private static string Words(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Completed => "completed",
        RunOutcome.Incomplete => "incomplete",
        RunOutcome.Failed => "failed",
        _ => "cancelled",
    };
}
