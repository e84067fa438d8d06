using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Responses.Server.Store.Memory;

public static class MemoryResponseStoreServiceCollectionExtensions
{
    /// <summary>
    /// The fallback store: TryAdd, so a backend registered before (the configured SQLite or PostgreSQL one) wins.
    /// One instance per host, so test servers never share responses.
    /// </summary>
    public static IServiceCollection AddMemoryResponseStore(this IServiceCollection services)
    {
        services.AddOptions<MemoryResponseStoreOptions>();
        services.TryAddSingleton<IResponseStore, MemoryResponseStore>();
        return services;
    }
}
