using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Prometheus;

namespace Responses.Server.Observability;

public static class OperationsEndpointExtensions
{
    /// <summary>The health checks /ready runs; /health runs none.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// The request log and counts around everything else (call first, so refusals by any later step are seen),
    /// then /metrics, /health and /ready.
    /// </summary>
    public static WebApplication UseOperations(this WebApplication app)
    {
        app.UseMiddleware<RequestTelemetryMiddleware>();

        var metrics = app.Services.GetRequiredService<ServerMetrics>();
        app.Services.GetRequiredService<LiveGauges>().Start();
        app.MapMetrics(settings => settings.Registry = metrics.Registry, "/metrics")
            .WithMetadata(new QuietRequestLog());

        // Liveness: the process answers. Nothing is checked, so a slow store never gets a serving process restarted.
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync })
            .WithMetadata(new QuietRequestLog());
        app.MapHealthChecks("/ready", new HealthCheckOptions
            {
                Predicate = check => check.Tags.Contains(ReadyTag),
                ResponseWriter = HealthReportWriter.WriteAsync,
            })
            .WithMetadata(new QuietRequestLog());
        return app;
    }
}
