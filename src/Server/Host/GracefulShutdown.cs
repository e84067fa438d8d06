using Microsoft.Extensions.Options;
using Responses.Inference;

namespace Responses.Server.Host;

/// <summary>
/// SIGTERM or Ctrl+C: Kestrel stops accepting while the scheduler refuses new and queued generations, lets running
/// ones finish for the grace period, then stops the rest; each open stream then ends with response.failed
/// (server_error, "shutting down") and the process exits 0. The model is freed once, when the host disposes it.
/// </summary>
internal sealed class GracefulShutdown(IHostApplicationLifetime lifetime, IGenerationScheduler scheduler, IOptions<ServerOptions> options)
    : IHostedService
{
    private Task draining = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // ApplicationStopping fires before any hosted service stops, Kestrel included, so in-flight streams are
        // still being served while the grace period runs.
        lifetime.ApplicationStopping.Register(() =>
            draining = scheduler.DrainAsync(TimeSpan.FromSeconds(options.Value.ShutdownGraceSeconds), CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => draining.WaitAsync(cancellationToken);
}
