using Microsoft.Data.Sqlite;
using Responses.Server.Errors;

namespace Responses.Server.Storage.Sqlite;

/// <summary>
/// Responses in one SQLite file: nothing to install, survives restarts, and a response is on disk when SaveAsync
/// returns. WAL, with synchronous=NORMAL by default: a committed WAL frame is in the OS page cache, which outlives
/// the process, so a killed server loses no acknowledged response, and no fsync sits on the reply path (the WAL is
/// synced at checkpoints). Store:Durability PowerLoss is synchronous=FULL: each commit fsynced before it returns, so a
/// lost machine (power, kernel panic) loses nothing acknowledged either; bench/README gives what each costs a save.
/// Bounded by count and age: every save evicts what is older than MaxAgeDays and the oldest beyond MaxResponses,
/// in its own transaction, so the bound always holds. A row a kept row continues (parent_id) is evicted or deleted
/// as a tombstone, and removed with the last row that continues it. A connection per operation, from
/// Microsoft.Data.Sqlite's pool.
/// </summary>
public sealed partial class SqliteResponseStore : IResponseStore, IDisposable
{
    // Under a parent only while it is there for the same owner; a row that others continue keeps its parent (a
    // moved one could close a cycle). Either refusal leaves nothing changed, and the caller saves it self-contained.
    private const string SaveSql = """
        INSERT INTO responses (id, response_json, input_items_json, output_items_json, created_at, owner, size, parent_id)
            SELECT $id, $response, $input, $output, $created_at, $owner, $size, $parent
            WHERE $parent IS NULL OR ($parent <> $id AND EXISTS (SELECT 1 FROM responses WHERE id = $parent AND owner IS $owner))
        ON CONFLICT (id) DO UPDATE SET
            response_json = excluded.response_json,
            input_items_json = excluded.input_items_json,
            output_items_json = excluded.output_items_json,
            created_at = excluded.created_at,
            owner = excluded.owner,
            size = excluded.size,
            parent_id = excluded.parent_id,
            deleted = 0
            WHERE responses.parent_id IS excluded.parent_id OR NOT EXISTS (SELECT 1 FROM responses WHERE parent_id = $id);
        """;

    // Past its age or beyond the count: a tombstone for now, removed by the sweep unless a kept row continues it.
    private const string EvictSql = $"""
        UPDATE responses SET {Tombstone}
        WHERE deleted = 0 AND (created_at < $cutoff OR rowid IN (
            SELECT rowid FROM responses WHERE deleted = 0 ORDER BY created_at, rowid
            LIMIT max(0, (SELECT n FROM response_count) - $max)))
        RETURNING id;
        """;

    private const string FindSql = """
        SELECT id, response_json, input_items_json, output_items_json, created_at, owner, parent_id
        FROM responses WHERE id = $id AND deleted = 0 AND created_at >= $cutoff;
        """;

    // Up the parent pointers from a live row; only the row asked for needs its Response.
    private const string FindChainSql = """
        WITH RECURSIVE chain (id, parent_id, depth) AS (
            SELECT id, parent_id, 0 FROM responses WHERE id = $id AND deleted = 0 AND created_at >= $cutoff
            UNION ALL
            SELECT r.id, r.parent_id, c.depth + 1 FROM chain c JOIN responses r ON r.id = c.parent_id
        )
        SELECT r.id, CASE WHEN c.depth = 0 THEN r.response_json END, r.input_items_json, r.output_items_json, r.created_at, r.owner, r.parent_id
        FROM chain c JOIN responses r ON r.id = c.id
        ORDER BY c.depth DESC;
        """;

    private const string DeleteSql = $"UPDATE responses SET {Tombstone} WHERE id = $id AND deleted = 0 RETURNING created_at;";

    // A tombstone that no row continues goes; then its parent may be one.
    private const string SweepSql = """
        DELETE FROM responses WHERE id = $id AND deleted = 1 AND NOT EXISTS (SELECT 1 FROM responses WHERE parent_id = $id)
        RETURNING parent_id;
        """;

    // The Response goes at once (only the items are continued); size keeps saying what the row holds.
    private const string Tombstone = "deleted = 1, size = size - length(response_json), response_json = x''";

    private readonly string path;
    private readonly string connectionString;
    private readonly StoreOptions options;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim migration = new(1, 1);
    private volatile bool migrated;

    public SqliteResponseStore(string path, StoreOptions options, TimeProvider time)
    {
        this.path = Path.GetFullPath(path);
        this.options = options;
        this.time = time;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = this.path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy file for this long (its busy_timeout): writers queue, briefly.
            DefaultTimeout = 5,
        }.ToString();
    }

    /// <summary>Always true: whether the file works is learnt by using it (ResilientResponseStore keeps score).</summary>
    public bool IsAvailable => true;

    public string FilePath => path;

    public Task<bool> SaveAsync(StoredResponse response, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var save = Command(connection, transaction, SaveSql))
        {
            save.Parameters.AddWithValue("$id", response.Id);
            save.Parameters.Add("$response", SqliteType.Blob).Value = response.ResponseJson.ToArray();
            save.Parameters.Add("$input", SqliteType.Blob).Value = response.InputItemsJson.ToArray();
            save.Parameters.Add("$output", SqliteType.Blob).Value = response.OutputItemsJson.ToArray();
            save.Parameters.AddWithValue("$created_at", response.CreatedAt);
            save.Parameters.AddWithValue("$owner", (object?)response.Owner ?? DBNull.Value);
            save.Parameters.AddWithValue("$size", response.SizeBytes);
            save.Parameters.AddWithValue("$parent", (object?)response.ParentId ?? DBNull.Value);
            if (await save.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        List<string> evicted;
        await using (var evict = Command(connection, transaction, EvictSql))
        {
            evict.Parameters.AddWithValue("$cutoff", Cutoff());
            evict.Parameters.AddWithValue("$max", options.MaxResponses);
            evicted = await ReadStringsAsync(evict, cancellationToken);
        }

        await SweepAsync(connection, transaction, evicted, cancellationToken);
        // Not cancellable from here on: a commit half-observed by the caller would be the worst of both.
        await transaction.CommitAsync(CancellationToken.None);
        return true;
    }, cancellationToken);

    public Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using var command = Command(connection, null, FindSql);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$cutoff", Cutoff());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadResponse(reader) : null;
    }, cancellationToken);

    public Task<StoredChain?> FindChainAsync(string id, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using var command = Command(connection, null, FindChainSql);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$cutoff", Cutoff());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var earlier = new List<StoredItems>();
        while (await reader.ReadAsync(cancellationToken))
        {
            // Oldest first: the row asked for, the only one with its Response, comes last.
            if (!reader.IsDBNull(1))
            {
                return new StoredChain(ReadResponse(reader), earlier);
            }

            earlier.Add(new StoredItems(reader.GetFieldValue<byte[]>(2), reader.GetFieldValue<byte[]>(3)));
        }

        return null;
    }, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        object? createdAt;
        await using (var command = Command(connection, transaction, DeleteSql))
        {
            command.Parameters.AddWithValue("$id", id);
            createdAt = await command.ExecuteScalarAsync(cancellationToken);
        }

        await SweepAsync(connection, transaction, [id], cancellationToken);
        await transaction.CommitAsync(CancellationToken.None);
        // An expired row that eviction has not reached yet is gone already as far as Find is concerned: say so here too.
        return createdAt is long seconds && seconds >= Cutoff();
    }, cancellationToken);

    public void Dispose()
    {
        // Pooled connections hold the file open; a disposed store lets it go (tests delete it, WAL checkpoints).
        using (var connection = new SqliteConnection(connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        migration.Dispose();
    }

    private long Cutoff() => time.GetUtcNow().AddDays(-options.MaxAgeDays).ToUnixTimeSeconds();

    /// <summary>
    /// Removes the tombstones among <paramref name="ids"/> that no row continues, then each parent that became one
    /// (a statement per row removed: in-process, and each row is removed once).
    /// </summary>
    private static async Task SweepAsync(
        SqliteConnection connection, SqliteTransaction transaction, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var pending = new Stack<string>(ids);
        await using var sweep = Command(connection, transaction, SweepSql);
        var id = sweep.Parameters.Add("$id", SqliteType.Text);
        while (pending.TryPop(out var next))
        {
            id.Value = next;
            if (await sweep.ExecuteScalarAsync(cancellationToken) is string parent)
            {
                pending.Push(parent);
            }
        }
    }

    /// <summary>A row of FindSql's or FindChainSql's columns.</summary>
    private static StoredResponse ReadResponse(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetFieldValue<byte[]>(1),
        reader.GetFieldValue<byte[]>(2),
        reader.GetFieldValue<byte[]>(3),
        reader.GetInt64(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6));

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static async Task<List<string>> ReadStringsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await operation(connection);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            // Every file fault may pass (a full disk freed, a permission fixed, a lock released): the decorator retries.
            throw new StoreUnavailableException($"The SQLite response store at {path} failed: {e.Message}", e);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!migrated)
        {
            await MigrateAsync(cancellationToken);
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Per connection, not per file; a pooled connection keeps it, but the pool cannot say which is new.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = options.Durability == StoreDurability.PowerLoss ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Lazily and until it succeeds: a folder that cannot be created at startup is an outage to recover from, not a crash.
    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await migration.WaitAsync(cancellationToken);
        try
        {
            if (migrated)
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            SqliteSchema.Migrate(connection);
            migrated = true;
        }
        finally
        {
            migration.Release();
        }
    }
}
