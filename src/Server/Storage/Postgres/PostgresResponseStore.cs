using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Responses.Server.Errors;

namespace Responses.Server.Storage.Postgres;

/// <summary>
/// Responses kept in PostgreSQL, so several server processes share them: a chain started on one replica continues
/// on another. One pooled <see cref="NpgsqlDataSource"/> per store; every statement is a single autocommit round
/// trip, and a save is durable once its task completes (the server's commit). Outages surface as
/// <see cref="StoreUnavailableException"/> for the resilience decorator to retry; bugs surface as they are.
/// </summary>
public sealed partial class PostgresResponseStore : IResponseStore, IAsyncDisposable, IDisposable
{
    private const string SaveSql = """
        INSERT INTO responses (id, response_json, input_items_json, output_items_json, created_at, owner, size)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (id) DO UPDATE SET
            response_json = EXCLUDED.response_json,
            input_items_json = EXCLUDED.input_items_json,
            output_items_json = EXCLUDED.output_items_json,
            created_at = EXCLUDED.created_at,
            owner = EXCLUDED.owner,
            size = EXCLUDED.size
        """;

    // Past its age a response is gone even before an eviction pass removes it.
    private const string FindSql = """
        SELECT response_json, input_items_json, output_items_json, created_at, owner
        FROM responses WHERE id = $1 AND created_at >= $2
        """;

    private const string DeleteSql = "DELETE FROM responses WHERE id = $1";

    private readonly NpgsqlDataSource dataSource;
    private readonly PostgresSchema schema = new();
    private readonly ILogger<PostgresResponseStore> logger;

    public PostgresResponseStore(
        string connectionString, StoreOptions options, ILogger<PostgresResponseStore> logger, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(options);
        this.logger = logger;
        dataSource = NpgsqlDataSource.Create(connectionString);
        Eviction = new PostgresEviction(options, clock ?? TimeProvider.System);
    }

    /// <summary>Availability is the resilience decorator's to track; this store only reports each failure.</summary>
    public bool IsAvailable => true;

    internal PostgresEviction Eviction { get; init; }

    public async Task SaveAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        await RunAsync("save", async () =>
        {
            await using var command = dataSource.CreateCommand(SaveSql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = response.Id });
            command.Parameters.Add(Bytes(response.ResponseJson));
            command.Parameters.Add(Bytes(response.InputItemsJson));
            command.Parameters.Add(Bytes(response.OutputItemsJson));
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = response.CreatedAt });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)response.Owner ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = response.SizeBytes });
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

        if (Eviction.NoteSave())
        {
            try
            {
                await EvictAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The save is durable; a caller that left during the pass must not take it for a failed save.
            }
        }
    }

    public Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return RunAsync("find", async () =>
        {
            await using var command = dataSource.CreateCommand(FindSql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Eviction.OldestKept });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            return new StoredResponse(
                id,
                await reader.GetFieldValueAsync<byte[]>(0, cancellationToken),
                await reader.GetFieldValueAsync<byte[]>(1, cancellationToken),
                await reader.GetFieldValueAsync<byte[]>(2, cancellationToken),
                reader.GetInt64(3),
                await reader.IsDBNullAsync(4, cancellationToken) ? null : reader.GetString(4));
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return RunAsync("delete", async () =>
        {
            await using var command = dataSource.CreateCommand(DeleteSql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);
    }

    /// <summary>
    /// One eviction pass now; the number evicted. Saves call it now and then; a failing pass is logged and left to
    /// the next one, since the save before it is already durable.
    /// </summary>
    internal async Task<int> EvictAsync(CancellationToken cancellationToken)
    {
        try
        {
            var evicted = await RunAsync("evict", () => Eviction.RunAsync(dataSource, cancellationToken), cancellationToken);
            if (evicted > 0)
            {
                logger.LogInformation("Evicted {Count} stored responses (past {MaxAgeDays} days or beyond the newest {MaxResponses})",
                    evicted, Eviction.Options.MaxAgeDays, Eviction.Options.MaxResponses);
            }

            return evicted;
        }
        catch (StoreUnavailableException exception)
        {
            logger.LogWarning(exception, "Eviction pass skipped: {Message}", exception.Message);
            return 0;
        }
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();

    private static NpgsqlParameter<ReadOnlyMemory<byte>> Bytes(ReadOnlyMemory<byte> value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = value };

    private async Task<T> RunAsync<T>(string operation, Func<Task<T>> statement, CancellationToken cancellationToken)
    {
        try
        {
            await schema.EnsureAsync(dataSource, cancellationToken);
            return await statement();
        }
        catch (Exception exception) when (PostgresFaults.IsUnavailable(exception))
        {
            // Pooled connections did not survive whatever happened (a restart, a failover, a network cut); dropping
            // the idle ones now makes the first call after recovery open a fresh one instead of failing on a corpse.
            if (PostgresFaults.BrokeConnections(exception))
            {
                dataSource.Clear();
            }

            logger.LogWarning("PostgreSQL store {Operation} failed: {Message}", operation, exception.Message);
            // The message may reach clients in a 503; hosts and ports stay in the log and the inner exception.
            throw new StoreUnavailableException($"The response store is unavailable ({operation}).", exception);
        }
    }
}
