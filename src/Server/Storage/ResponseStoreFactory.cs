using Microsoft.Extensions.Options;
using Responses.Server.Storage.Memory;
using Responses.Server.Storage.Postgres;
using Responses.Server.Storage.Sqlite;

namespace Responses.Server.Storage;

/// <summary>The configured backend, behind retries and a circuit breaker: the one IResponseStore of the process.</summary>
internal static class ResponseStoreFactory
{
    public static IResponseStore Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
        IResponseStore backend = options.Backend switch
        {
            StoreBackend.Memory => new MemoryResponseStore(Options.Create(
                new MemoryResponseStoreOptions { MaxResponses = options.MaxResponses, MaxBytes = options.MaxBytes })),
            // The API's clock: it stamps created_at, so age eviction must read the same one.
            StoreBackend.Sqlite => new SqliteResponseStore(options.Path!, options, clock),
            StoreBackend.Postgres => new PostgresResponseStore(
                options.ConnectionString!, options, services.GetRequiredService<ILogger<PostgresResponseStore>>(), clock),
            _ => throw new InvalidOperationException($"No store backend {options.Backend}."),
        };

        // Real time, not the API's clock: backoff and the break wait for a real backend to recover, and a test's
        // frozen clock would freeze them.
        return new ResilientResponseStore(
            backend,
            StoreLocation.BackendName(options.Backend),
            options.Resilience,
            TimeProvider.System,
            services.GetRequiredService<ILogger<ResilientResponseStore>>());
    }
}
