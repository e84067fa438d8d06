using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Responses.Inference.Hub;

public static class HubServiceCollectionExtensions
{
    /// <summary>
    /// Registers what pulls hf: models: <see cref="HubOptions"/> (the "Inference:Hub" section, then HF_ENDPOINT,
    /// HF_TOKEN and HF_HUB_OFFLINE from <paramref name="configuration"/>), progress on stderr, and the puller.
    /// </summary>
    public static IServiceCollection AddModelHub(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HubOptions>()
            .Bind(configuration.GetSection(HubOptions.SectionName))
            .PostConfigure(options => HubEnvironment.Apply(options, configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HubOptions>, HubOptionsValidator>());
        services.TryAddSingleton<IDownloadProgress>(_ => ConsoleDownloadProgress.ForStandardError());
        services.TryAddSingleton<HubModelPuller>();
        return services;
    }
}
