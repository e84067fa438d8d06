using Responses.Server.Store;

namespace Responses.Server.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    public static IServiceCollection AddResponsesPipeline(this IServiceCollection services)
    {
        services.AddSingleton<ResponseRunFactory>();
        services.AddSingleton<ResponseRunner>();
        services.AddSingleton<ChatCompletions.ChatCompletionRunFactory>();
        services.AddSingleton<ChatCompletions.ChatCompletionRunner>();
        services.AddSingleton<ResponseChain>();
        services.AddSingleton<ResponseArchive>();
        services.AddSingleton<StoredResponses>();
        return services;
    }
}
