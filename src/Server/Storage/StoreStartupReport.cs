using Microsoft.Extensions.Options;

namespace Responses.Server.Storage;

/// <summary>Builds the store at startup, not at the first request, and says once which store it is and where.</summary>
internal sealed class StoreStartupReport(IResponseStore store, IOptions<StoreOptions> options, ILogger<StoreStartupReport> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = store;
        logger.LogInformation("Responses are stored {Location}.", StoreLocation.Describe(options.Value));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
