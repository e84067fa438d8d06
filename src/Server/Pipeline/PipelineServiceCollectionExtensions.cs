namespace Responses.Server.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    public static IServiceCollection AddResponsesPipeline(this IServiceCollection services)
    {
        services.AddSingleton<ResponseRunFactory>();
        services.AddSingleton<ResponseRunner>();
        return services;
    }
}
