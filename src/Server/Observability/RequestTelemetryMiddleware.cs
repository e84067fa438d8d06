using System.Globalization;
using Microsoft.AspNetCore.Routing;

namespace Responses.Server.Observability;

/// <summary>
/// The outermost step of every request: starts its <see cref="RequestTelemetry"/>, and when the request is over,
/// however it ended (served, refused with an error, a stream cut short), counts it and writes its one log line.
/// </summary>
public sealed class RequestTelemetryMiddleware(RequestDelegate next, ServerMetrics metrics, TimeProvider clock, ILoggerFactory loggers)
{
    /// <summary>The request lines' category, short so a settings file can turn them down: Logging:LogLevel:Responses.Requests.</summary>
    public const string LogCategory = "Responses.Requests";

    private readonly ILogger logger = loggers.CreateLogger(LogCategory);

    /// <summary>Paths no endpoint matched: one label, not one per path a scanner tries.</summary>
    private const string Unmatched = "unmatched";

    public async Task InvokeAsync(HttpContext http)
    {
        var telemetry = new RequestTelemetry(clock, clock.GetTimestamp());
        http.Features.Set(telemetry);
        // The exception handler clears the endpoint before it writes the error, so the route is read now.
        var endpoint = http.GetEndpoint();
        try
        {
            await next(http);
        }
        finally
        {
            Finish(http, telemetry, endpoint);
        }
    }

    private void Finish(HttpContext http, RequestTelemetry telemetry, Endpoint? endpoint)
    {
        var total = clock.GetElapsedTime(telemetry.StartedAt);
        var method = http.Request.Method;
        var route = Route(endpoint);
        var httpStatus = http.Response.StatusCode;
        var status = telemetry.Outcome is { } outcome ? Words(outcome) : httpStatus.ToString(CultureInfo.InvariantCulture);

        metrics.Requests.WithLabels(method, route, httpStatus.ToString(CultureInfo.InvariantCulture)).Inc();
        metrics.RequestDuration.WithLabels(method, route).Observe(total.TotalSeconds);
        Count(telemetry);

        var level = endpoint?.Metadata.GetMetadata<QuietRequestLog>() is null ? LogLevel.Information : LogLevel.Debug;
        if (!logger.IsEnabled(level))
        {
            return;
        }

        var usage = telemetry.Usage;
        RequestLogEntry.Write(logger, level, new RequestLogEntry
        {
            Method = method,
            Route = route,
            Path = http.Request.Path.Value ?? "/",
            HttpStatus = httpStatus,
            Status = status,
            ResponseId = telemetry.ResponseId,
            Model = telemetry.Model,
            Stream = telemetry.Stream,
            InputTokens = usage?.InputTokens,
            OutputTokens = usage?.OutputTokens,
            ReasoningTokens = usage?.ReasoningTokens,
            TimeToFirstTokenMs = telemetry.TimeToFirstToken?.TotalMilliseconds,
            QueuedMs = telemetry.Queued?.TotalMilliseconds,
            TotalMs = total.TotalMilliseconds,
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
            // No prompt cache yet: the series exists (ServerMetrics.AddModel) and stays at 0.
        }
    }

    private static string Route(Endpoint? endpoint) => endpoint is RouteEndpoint { RoutePattern.RawText: { } pattern }
        ? "/" + pattern.TrimStart('/')
        : Unmatched;

    private static string Words(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Completed => "completed",
        RunOutcome.Incomplete => "incomplete",
        RunOutcome.Failed => "failed",
        _ => "cancelled",
    };
}
