using System.Data.Common;
using Microsoft.Extensions.Options;
using Responses.Server.Storage.Memory;
using Responses.Server.Storage.Postgres;
using Responses.Server.Storage.Sqlite;

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
        services.AddSingleton(ResponseStoreFactory.CreateBackend);
        services.AddSingleton(ResponseStoreFactory.Create);
        services.AddSingleton(provider => provider.GetRequiredService<ConfiguredStore>().Conversations);
        services.AddSingleton(provider => new SharedBackgroundRuns(provider.GetRequiredService<ConfiguredStore>().BackgroundRuns));
        services.AddHostedService<StoreStartupReport>();
        return services;
    }
}

/// <summary>The configured backend, as the store of responses, of conversations and of shared background runs (one database for all).</summary>
internal sealed record ConfiguredStore(IResponseStore Responses, IConversationStore Conversations, IBackgroundRunStore? BackgroundRuns);

/// <summary>The configured backend, behind retries and a circuit breaker: the one IResponseStore of the process.</summary>
internal static class ResponseStoreFactory
{
    public static ConfiguredStore CreateBackend(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
        switch (options.Backend)
        {
            case StoreBackend.Memory:
                return new ConfiguredStore(
                    new MemoryResponseStore(Options.Create(new MemoryResponseStoreOptions { MaxResponses = options.MaxResponses, MaxBytes = options.MaxBytes })),
                    new MemoryConversationStore(),
                    BackgroundRuns: null);
            case StoreBackend.Sqlite:
                // The API's clock: it stamps created_at, so age eviction must read the same one.
                var sqlite = new SqliteResponseStore(options.Path!, options, clock);
                return new ConfiguredStore(sqlite, sqlite, sqlite);
            case StoreBackend.Postgres:
                var postgres = new PostgresResponseStore(options.ConnectionString!, options, services.GetRequiredService<ILogger<PostgresResponseStore>>(), clock);
                return new ConfiguredStore(postgres, postgres, postgres);
            default:
                throw new InvalidOperationException($"No store backend {options.Backend}.");
        }
    }

    public static IResponseStore Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        var backend = services.GetRequiredService<ConfiguredStore>().Responses;

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

/// <summary>Builds the store at startup, not at the first request, and says once which store it is and where.</summary>
internal sealed class StoreStartupReport(IResponseStore store, IOptions<StoreOptions> options, ILogger<StoreStartupReport> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = store;
        logger.LogInformation("Responses are stored {Location}.", StoreLocation.Describe(options.Value));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Where the configured store is, in words for the startup log: never a password.</summary>
public static class StoreLocation
{
    public static string BackendName(StoreBackend backend) => backend switch
    {
        StoreBackend.Memory => "memory",
        StoreBackend.Sqlite => "SQLite",
        StoreBackend.Postgres => "PostgreSQL",
        _ => backend.ToString(),
    };

    public static string Describe(StoreOptions options) => options.Backend switch
    {
        StoreBackend.Memory => $"in memory (at most {options.MaxResponses} responses and {options.MaxBytes} bytes; lost at restart)",
        StoreBackend.Sqlite => $"in SQLite at {options.Path} (at most {options.MaxResponses} responses, {options.MaxAgeDays} days)",
        StoreBackend.Postgres => $"in PostgreSQL {DescribeServer(options.ConnectionString)} (at most {options.MaxResponses} responses, {options.MaxAgeDays} days)",
        _ => options.Backend.ToString(),
    };

    // Only the keys that say where: host, port, database and user; never the password or any other key.
    private static string DescribeServer(string? connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return "(a connection string that does not parse)";
        }

        string? Read(params string[] keys) =>
            keys.Select(key => builder.TryGetValue(key, out var value) ? value?.ToString() : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var host = Read("Host", "Server") ?? "localhost";
        var port = Read("Port");
        var database = Read("Database", "Db") ?? "(default database)";
        var user = Read("Username", "User ID", "User", "UserId");
        return $"host {host}{(port is null ? "" : $":{port}")}, database {database}{(user is null ? "" : $", user {user}")}";
    }
}
