using Microsoft.Extensions.Options;

namespace Responses.Server.Storage;

public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// The configured store ("Store" section, --store) as the IResponseStore singleton, resilient and disposed at
    /// shutdown. Call it before anything that TryAdds a default store: the first registration wins.
    /// </summary>
    public static IServiceCollection AddResponseStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoreOptions>()
            .Bind(configuration.GetSection(StoreOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<StoreOptions>, StoreOptionsSetup>();
        services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        services.AddSingleton(ResponseStoreFactory.Create);
        services.AddHostedService<StoreStartupReport>();
        return services;
    }
}
