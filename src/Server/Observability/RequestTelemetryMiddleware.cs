using System.Globalization;
using Microsoft.AspNetCore.Routing;

namespace Responses.Server.Observability;

/// <summary>
/// The outermost step of every request: starts its <see cref="RequestTelemetry"/>, and when the request is over,
/// however it ended (served, refused with an error, a stream cut short), counts it and writes its one log line.
/// </summary>
public sealed class RequestTelemetryMiddleware(RequestDelegate next, ServerMetrics metrics, RequestRecorder recorder, TimeProvider clock)
{
    /// <summary>The request lines' category, short so a settings file can turn them down: Logging:LogLevel:Responses.Requests.</summary>
    public const string LogCategory = RequestRecorder.LogCategory;

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

        metrics.Requests.WithLabels(method, route, httpStatus.ToString(CultureInfo.InvariantCulture)).Inc();
        metrics.RequestDuration.WithLabels(method, route).Observe(total.TotalSeconds);
        recorder.Record(telemetry, method, route, http.Request.Path.Value ?? "/", httpStatus, quiet: endpoint?.Metadata.GetMetadata<QuietRequestLog>() is not null);
    }

    private static string Route(Endpoint? endpoint) => endpoint is RouteEndpoint { RoutePattern.RawText: { } pattern }
        ? "/" + pattern.TrimStart('/')
        : Unmatched;
}
