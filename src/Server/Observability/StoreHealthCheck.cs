using Microsoft.Extensions.Diagnostics.HealthChecks;
using Responses.Server.Storage;

namespace Responses.Server.Observability;

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
