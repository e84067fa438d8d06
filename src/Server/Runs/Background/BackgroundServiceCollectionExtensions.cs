namespace Responses.Server.Runs.Background;

public static class BackgroundServiceCollectionExtensions
{
    /// <summary>Background responses: the runner, the registry (a hosted service, so shutdown waits for its runs), GET and cancel.</summary>
    public static IServiceCollection AddBackgroundResponses(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BackgroundOptions>()
            .Bind(configuration.GetSection(BackgroundOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<BackgroundRunner>();
        services.AddSingleton<BackgroundReplicas>();
        services.AddHostedService(provider => provider.GetRequiredService<BackgroundReplicas>());
        services.AddSingleton<BackgroundResponses>();
        services.AddHostedService(provider => provider.GetRequiredService<BackgroundResponses>());
        services.AddScoped<BackgroundRetrieval>();
        services.AddScoped<BackgroundCancellation>();
        return services;
    }
}
