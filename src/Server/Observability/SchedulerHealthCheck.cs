using Microsoft.Extensions.Diagnostics.HealthChecks;
using Responses.Inference;

namespace Responses.Server.Observability;

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
