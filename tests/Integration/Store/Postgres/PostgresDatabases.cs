using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Responses.Server.Storage;
using Responses.Server.Storage.Postgres;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Store.Postgres;

/// <summary>
/// Fresh, uniquely named databases on the run's PostgreSQL, one per test that asks, dropped when the class is done:
/// tests that count rows or evict cannot see each other's responses.
/// </summary>
public sealed class PostgresDatabases : IAsyncLifetime
{
    private readonly List<string> created = [];
    private NpgsqlDataSource? admin;

    public Task InitializeAsync()
    {
        if (TestPostgres.AdminConnectionString is { } connectionString)
        {
            admin = NpgsqlDataSource.Create(connectionString);
        }

        return Task.CompletedTask;
    }

    /// <summary>A new empty database; its connection string, with a small pool so parallel classes stay under max_connections.</summary>
    public async Task<string> CreateAsync()
    {
        var name = $"responses_{Guid.NewGuid():N}";
        await using (var command = Admin.CreateCommand($"CREATE DATABASE {name}"))
        {
            await command.ExecuteNonQueryAsync();
        }

        lock (created)
        {
            created.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(TestPostgres.AdminConnectionString) { Database = name, MaxPoolSize = 20 }.ConnectionString;
    }

    public static PostgresResponseStore Store(string connectionString, StoreOptions? options = null, TimeProvider? clock = null) =>
        new(connectionString, options ?? new StoreOptions(), NullLogger<PostgresResponseStore>.Instance, clock);

    /// <summary>Rows in a database's responses table, read past the store (evicted means gone, not hidden).</summary>
    public static async Task<long> CountRowsAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM responses");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        if (admin is null)
        {
            return;
        }

        // Pools of stores a failed test did not dispose may still hold connections: FORCE ends them.
        foreach (var name in created)
        {
            await using var command = admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await command.ExecuteNonQueryAsync();
        }

        await admin.DisposeAsync();
    }

    private NpgsqlDataSource Admin => admin ?? throw new InvalidOperationException(TestPostgres.Missing);
}
