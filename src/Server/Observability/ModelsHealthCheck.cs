using Microsoft.Extensions.Diagnostics.HealthChecks;
using Responses.Inference;

namespace Responses.Server.Observability;

/// <summary>
/// Ready when the models are loaded. The server loads them before it listens (LoadModels), so a probe that gets
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
