using Responses.Inference;
using Responses.Server.Storage;

namespace Responses.Server.Observability;

/// <summary>
/// The gauges that are a reading of live state rather than a count of events: read when /metrics is scraped, so
/// the scheduler and the token loop carry no metrics code at all.
/// </summary>
/// <remarks>
/// The services are looked up at the scrape, not injected: resolving the model catalog loads the models, and
/// that must stay ServerStartup's job (it turns a broken folder into one log line), not the pipeline setup's.
/// </remarks>
public sealed class LiveGauges(ServerMetrics metrics, IServiceProvider services)
{
    public void Start() => metrics.Registry.AddBeforeCollectCallback(Read);

    private void Read()
    {
        var active = 0;
        var paused = 0;
        foreach (var model in services.GetRequiredService<IModelCatalog>().Models)
        {
            // Every served model's token series exists from the first scrape, cached tokens included.
            metrics.AddModel(model.Info.Id);
            active += model.Activity.Active;
            paused += model.Activity.Paused;
        }

        metrics.ActiveGenerations.Set(active);
        metrics.PausedGenerations.Set(paused);
        metrics.QueueLength.Set(services.GetRequiredService<IGenerationScheduler>().Status.Queued);
        metrics.StoreAvailable.Set(services.GetRequiredService<IResponseStore>().IsAvailable ? 1 : 0);
    }
}
