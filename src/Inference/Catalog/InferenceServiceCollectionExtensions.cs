using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Responses.Inference.Engine;
using Responses.Inference.Hub;
using Responses.Inference.Scheduling;

namespace Responses.Inference.Catalog;

public static class InferenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IModelCatalog"/> (the model loads when the catalog is first resolved) and
    /// <see cref="IGenerationScheduler"/>, with options bound from the "Inference" and "Scheduler" sections of
    /// <paramref name="configuration"/> and validated at start.
    /// </summary>
    public static IServiceCollection AddInference(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InferenceOptions>()
            .Bind(configuration.GetSection(InferenceOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>());
        services.AddOptions<SchedulerOptions>()
            .Bind(configuration.GetSection(SchedulerOptions.SectionName))
            .PostConfigure<IOptions<InferenceOptions>>((scheduler, inference) => scheduler.BatchSize = inference.Value.MaxBatchSize)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>());
        services.TryAddSingleton<GenerationScheduler>();
        services.TryAddSingleton<IGenerationScheduler>(sp => sp.GetRequiredService<GenerationScheduler>());
        services.TryAddSingleton<ISeedSource, RandomSeedSource>();
        services.AddModelHub(configuration);
        services.TryAddSingleton<ModelCatalog>();
        services.TryAddSingleton<IModelCatalog>(sp => sp.GetRequiredService<ModelCatalog>());
        return services;
    }
}
