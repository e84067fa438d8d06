using Responses.Server.Runs.Chat;
using Responses.Server.Runs.Responses;
using Responses.Server.Storage;

namespace Responses.Server.Runs;

public static class RunsServiceCollectionExtensions
{
    /// <summary>The run factory, the executor and the API adapters (compaction and background runs register their own).</summary>
    public static IServiceCollection AddRuns(this IServiceCollection services)
    {
        // Scoped, with everything that reads stored responses: they act for the request's caller (its key).
        services.AddScoped<CallerIdentity>();
        services.AddScoped<RunFactory>();
        services.AddScoped<ResponsesAdapter>();
        services.AddScoped<ChatAdapter>();
        services.AddScoped<ResponseChain>();
        services.AddScoped<StoredResponses>();
        services.AddScoped<Conversations>();
        services.AddSingleton<RunExecutor>();
        // The archive stores under the run's owner, taken when the run was created, so it serves runs that outlive their request.
        services.AddSingleton<ResponseArchive>();
        return services;
    }
}
