using Responses.Server.Auth;
using Responses.Server.Store;

namespace Responses.Server.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    public static IServiceCollection AddResponsesPipeline(this IServiceCollection services)
    {
        // Scoped, with everything that reads or writes stored responses: they act for the request's caller (its key).
        services.AddScoped<CallerIdentity>();
        services.AddScoped<ResponseRunFactory>();
        services.AddScoped<ResponseRunner>();
        services.AddSingleton<ChatCompletions.ChatCompletionRunFactory>();
        services.AddSingleton<ChatCompletions.ChatCompletionRunner>();
        services.AddScoped<ResponseChain>();
        services.AddScoped<ResponseArchive>();
        services.AddScoped<StoredResponses>();
        return services;
    }
}
