using Responses.Server.Auth;
using Responses.Server.Store;

namespace Responses.Server.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    public static IServiceCollection AddResponsesPipeline(this IServiceCollection services)
    {
        // Scoped, with everything that reads stored responses: they act for the request's caller (its key).
        services.AddScoped<CallerIdentity>();
        services.AddScoped<ResponseRunFactory>();
        services.AddSingleton<ResponseRunner>();
        services.AddSingleton<ChatCompletions.ChatCompletionRunFactory>();
        services.AddSingleton<ChatCompletions.ChatCompletionRunner>();
        services.AddScoped<ResponseChain>();
        // The archive stores under the run's owner, taken when the run was created, so it serves runs that outlive their request.
        services.AddSingleton<ResponseArchive>();
        services.AddScoped<StoredResponses>();
        return services;
    }
}
