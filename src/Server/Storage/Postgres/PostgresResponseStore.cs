using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Responses.Server.Errors;

namespace Responses.Server.Storage.Postgres;

/// <summary>
/// Responses kept in PostgreSQL, so several server processes share them: a chain started on one replica continues
/// on another. A row points at the one it continues (parent_id) rather than copying its chain, and a chain is read
/// in one recursive query. One pooled <see cref="NpgsqlDataSource"/> per store; a save or a find is a single
/// autocommit round trip (a delete is two: the row becomes a tombstone, then tombstones no row continues go), and
/// a save is durable once its task completes (the server's commit). Outages surface as
/// <see cref="StoreUnavailableException"/> for the resilience decorator to retry; bugs surface as they are.
/// </summary>
public sealed partial class PostgresResponseStore : IResponseStore, IAsyncDisposable, IDisposable
{
    // Under a parent only while it is there for the same owner (the foreign key catches one removed meanwhile); a
    // row that others continue keeps its parent (a moved one could close a cycle). Either refusal changes nothing.
    private const string SaveSql = """
        INSERT INTO responses (id, response_json, input_items_json, output_items_json, created_at, owner, size, parent_id)
        SELECT $1, $2, $3, $4, $5, $6, $7, $8
        WHERE $8 IS NULL OR ($8 <> $1 AND EXISTS (SELECT 1 FROM responses WHERE id = $8 AND owner IS NOT DISTINCT FROM $6))
        ON CONFLICT (id) DO UPDATE SET
            response_json = EXCLUDED.response_json,
            input_items_json = EXCLUDED.input_items_json,
            output_items_json = EXCLUDED.output_items_json,
            created_at = EXCLUDED.created_at,
            owner = EXCLUDED.owner,
            size = EXCLUDED.size,
            parent_id = EXCLUDED.parent_id,
            deleted = false
        WHERE responses.parent_id IS NOT DISTINCT FROM EXCLUDED.parent_id
            OR NOT EXISTS (SELECT 1 FROM responses c WHERE c.parent_id = $1)
        """;

    // Past its age a response is gone even before an eviction pass removes it.
    private const string FindSql = """
        SELECT id, response_json, input_items_json, output_items_json, created_at, owner, parent_id
        FROM responses WHERE id = $1 AND NOT deleted AND created_at >= $2
        """;

    // Up the parent pointers from a live row, in one statement (one snapshot); only the row asked for needs its Response.
    private const string FindChainSql = """
        WITH RECURSIVE chain (id, parent_id, depth) AS (
            SELECT id, parent_id, 0 FROM responses WHERE id = $1 AND NOT deleted AND created_at >= $2
            UNION ALL
            SELECT r.id, r.parent_id, c.depth + 1 FROM chain c JOIN responses r ON r.id = c.parent_id
        )
        SELECT r.id, CASE WHEN c.depth = 0 THEN r.response_json END, r.input_items_json, r.output_items_json, r.created_at, r.owner, r.parent_id
        FROM chain c JOIN responses r ON r.id = c.id
        ORDER BY c.depth DESC
        """;

    private const string DeleteSql = $"UPDATE responses SET {PostgresTombstones.Mark} WHERE id = $1 AND NOT deleted RETURNING created_at";

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

    public async Task<bool> SaveAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var saved = await RunAsync("save", async () =>
        {
            await using var command = dataSource.CreateCommand(SaveSql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = response.Id });
            command.Parameters.Add(Bytes(response.ResponseJson));
            command.Parameters.Add(Bytes(response.InputItemsJson));
            command.Parameters.Add(Bytes(response.OutputItemsJson));
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = response.CreatedAt });
            command.Parameters.Add(Text(response.Owner));
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = response.SizeBytes });
            command.Parameters.Add(Text(response.ParentId));
            try
            {
                return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
            }
            catch (Exception exception) when (PostgresTombstones.IsForeignKeyViolation(exception))
            {
                // The parent was removed after the check saw it (by a sweep on another connection).
                return false;
            }
        }, cancellationToken);
        if (!saved)
        {
            return false;
        }

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

        return true;
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
            return await reader.ReadAsync(cancellationToken) ? await ReadResponseAsync(reader, cancellationToken) : null;
        }, cancellationToken);
    }

    public Task<StoredChain?> FindChainAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return RunAsync("find chain", async () =>
        {
            await using var command = dataSource.CreateCommand(FindChainSql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Eviction.OldestKept });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var earlier = new List<StoredItems>();
            while (await reader.ReadAsync(cancellationToken))
            {
                // Oldest first: the row asked for, the only one with its Response, comes last.
                if (!await reader.IsDBNullAsync(1, cancellationToken))
                {
                    return new StoredChain(await ReadResponseAsync(reader, cancellationToken), earlier);
                }

                earlier.Add(new StoredItems(
                    await reader.GetFieldValueAsync<byte[]>(2, cancellationToken),
                    await reader.GetFieldValueAsync<byte[]>(3, cancellationToken)));
            }

            return null;
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return RunAsync("delete", async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            object? createdAt;
            await using (var command = new NpgsqlCommand(DeleteSql, connection))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
                createdAt = await command.ExecuteScalarAsync(cancellationToken);
            }

            try
            {
                await PostgresTombstones.SweepAsync(connection, null, [id], cancellationToken);
            }
            catch (Exception exception) when (PostgresTombstones.IsForeignKeyViolation(exception))
            {
                // A replica saved a continuation of it meanwhile: it stays a tombstone, as it should.
            }

            // Past its age it was gone already as far as Find is concerned: say so here too.
            return createdAt is long seconds && seconds >= Eviction.OldestKept;
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

    /// <summary>A row of FindSql's or FindChainSql's columns.</summary>
    private static async Task<StoredResponse> ReadResponseAsync(NpgsqlDataReader reader, CancellationToken cancellationToken) => new(
        reader.GetString(0),
        await reader.GetFieldValueAsync<byte[]>(1, cancellationToken),
        await reader.GetFieldValueAsync<byte[]>(2, cancellationToken),
        await reader.GetFieldValueAsync<byte[]>(3, cancellationToken),
        reader.GetInt64(4),
        await NullableTextAsync(reader, 5, cancellationToken),
        await NullableTextAsync(reader, 6, cancellationToken));

    private static async Task<string?> NullableTextAsync(NpgsqlDataReader reader, int ordinal, CancellationToken cancellationToken) =>
        await reader.IsDBNullAsync(ordinal, cancellationToken) ? null : reader.GetString(ordinal);

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
