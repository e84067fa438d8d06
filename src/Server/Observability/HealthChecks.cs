using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Responses.Inference;
using Responses.Server.Storage;

namespace Responses.Server.Observability;

/// <summary>
/// Ready when the models are loaded. The server loads them before it listens (ServerStartup), so a probe that gets
/// an answer finds them loaded; the check says which, what each does (prompt cache, chunked prefill, batching) and
/// why a capability is off, and guards a host that serves none.
/// </summary>
public sealed class ModelsHealthCheck(IModelCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(catalog.Models.Count > 0
            ? HealthCheckResult.Healthy("loaded: " + string.Join("; ", catalog.Models.Select(model => $"{model.Info.Id} ({model.Capabilities})")))
            : HealthCheckResult.Unhealthy("no model is loaded"));
}

/// <summary>Not ready once shutdown began: the scheduler refuses new generations, so a load balancer should stop sending them.</summary>
public sealed class SchedulerHealthCheck(IGenerationScheduler scheduler) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = scheduler.Status;
        return Task.FromResult(status.Draining
            ? HealthCheckResult.Unhealthy("the server is shutting down")
            : HealthCheckResult.Healthy($"{status.Running} running, {status.Queued} queued"));
    }
}

/// <summary>
/// Ready while the response store is reachable, as its circuit breaker knows it: no query per probe, and the
/// same verdict that makes requests needing the store a 503.
/// </summary>
public sealed class StoreHealthCheck(IResponseStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.IsAvailable
            ? HealthCheckResult.Healthy("reachable")
            : HealthCheckResult.Unhealthy("the response store is unavailable (its circuit is open)"));
}

/// <summary>
/// A health report as a small JSON body, so a 503 from /ready says what is not ready:
/// <c>{"status":"unhealthy","checks":{"store":{"status":"unhealthy","description":"..."}}}</c>.
/// </summary>
internal static class HealthReportWriter
{
    public static async Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(http.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", Words(report.Status));
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", Words(entry.Status));
            if (entry.Description is { } description)
            {
                json.WriteString("description", description);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(http.RequestAborted);
    }

    private static string Words(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
