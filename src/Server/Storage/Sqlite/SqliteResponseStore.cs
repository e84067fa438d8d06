using Microsoft.Data.Sqlite;
using Responses.Server.Errors;

namespace Responses.Server.Storage.Sqlite;

/// <summary>
/// Responses in one SQLite file: nothing to install, survives restarts, and a response is on disk when SaveAsync
/// returns. WAL with synchronous=FULL: each commit is fsynced to the WAL before it returns, so neither a killed
/// process nor a lost machine (power, kernel panic) loses an acknowledged response. NORMAL would survive kill -9
/// as well (a committed WAL frame is in the OS page cache, which outlives the process) but not power loss, and the
/// contract says durable; an fsync per save is cheap beside the generation that produced the response.
/// Bounded by count and age: every save evicts what is older than MaxAgeDays and the oldest beyond MaxResponses,
/// in its own transaction, so the bound always holds. A connection per operation, from Microsoft.Data.Sqlite's pool.
/// </summary>
public sealed partial class SqliteResponseStore : IResponseStore, IDisposable
{
    private const string SaveSql = """
        DELETE FROM responses WHERE id = $id;
        INSERT INTO responses (id, response_json, input_items_json, output_items_json, created_at, owner, size)
            VALUES ($id, $response, $input, $output, $created_at, $owner, $size);
        DELETE FROM responses WHERE created_at < $cutoff;
        DELETE FROM responses WHERE rowid IN (
            SELECT rowid FROM responses ORDER BY created_at, rowid
            LIMIT max(0, (SELECT n FROM response_count) - $max));
        """;

    private const string FindSql = """
        SELECT response_json, input_items_json, output_items_json, created_at, owner
        FROM responses WHERE id = $id AND created_at >= $cutoff;
        """;

    private const string DeleteSql = "DELETE FROM responses WHERE id = $id RETURNING created_at;";

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

    public Task SaveAsync(StoredResponse response, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SaveSql;
        command.Parameters.AddWithValue("$id", response.Id);
        command.Parameters.Add("$response", SqliteType.Blob).Value = response.ResponseJson.ToArray();
        command.Parameters.Add("$input", SqliteType.Blob).Value = response.InputItemsJson.ToArray();
        command.Parameters.Add("$output", SqliteType.Blob).Value = response.OutputItemsJson.ToArray();
        command.Parameters.AddWithValue("$created_at", response.CreatedAt);
        command.Parameters.AddWithValue("$owner", (object?)response.Owner ?? DBNull.Value);
        command.Parameters.AddWithValue("$size", response.SizeBytes);
        command.Parameters.AddWithValue("$cutoff", Cutoff());
        command.Parameters.AddWithValue("$max", options.MaxResponses);
        await command.ExecuteNonQueryAsync(cancellationToken);
        // Not cancellable from here on: a commit half-observed by the caller would be the worst of both.
        await transaction.CommitAsync(CancellationToken.None);
        return true;
    }, cancellationToken);

    public Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = FindSql;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$cutoff", Cutoff());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredResponse(
            id,
            reader.GetFieldValue<byte[]>(0),
            reader.GetFieldValue<byte[]>(1),
            reader.GetFieldValue<byte[]>(2),
            reader.GetInt64(3),
            reader.IsDBNull(4) ? null : reader.GetString(4));
    }, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = DeleteSql;
        command.Parameters.AddWithValue("$id", id);
        // An expired row that eviction has not reached yet is gone already as far as Find is concerned: say so here too.
        var createdAt = await command.ExecuteScalarAsync(cancellationToken);
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
            pragma.CommandText = "PRAGMA synchronous = FULL;";
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
