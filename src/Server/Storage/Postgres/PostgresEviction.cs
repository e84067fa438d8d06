using Npgsql;

namespace Responses.Server.Storage.Postgres;

/// <summary>
/// Keeps the table within <see cref="StoreOptions.MaxResponses"/> and <see cref="StoreOptions.MaxAgeDays"/> (rows a
/// kept row continues stay as tombstones, uncounted, until nothing continues them). Runs
/// after every so many saves or once the interval has passed, not on each one: the count bound walks the
/// created_at index past the newest MaxResponses rows, which is cheap spread over many saves and wasteful per save.
/// Several replicas share the table, so a pass runs only where it wins a try-lock; the others skip it.
/// </summary>
internal sealed class PostgresEviction(StoreOptions options, TimeProvider clock)
{
    /// <summary>Advisory lock key for eviction passes ("RSPEVICT" in ASCII).</summary>
    private const long EvictionLockKey = 0x5253_5045_5649_4354;

    private const string TryLockSql = "SELECT pg_try_advisory_xact_lock($1)";

    // Past their age or beyond the count, responses become tombstones; the sweep then removes every tombstone that
    // no row continues (these, and any a failed delete left).
    private const string EvictByAgeSql = $"UPDATE responses SET {PostgresTombstones.Mark} WHERE NOT deleted AND created_at < $1";

    // Newest first by (created_at, id), so replicas agree on which rows are the oldest even within one second.
    private const string EvictByCountSql = $"""
        UPDATE responses r SET {PostgresTombstones.Mark}
        FROM (SELECT id FROM responses WHERE NOT deleted ORDER BY created_at DESC, id DESC OFFSET $1) old
        WHERE r.id = old.id
        """;

    private readonly SemaphoreSlim running = new(1, 1);
    private int savesSinceLastPass;
    private long lastPassTimestamp = clock.GetTimestamp();

    public StoreOptions Options => options;

    /// <summary>Saves between passes.</summary>
    public int SaveInterval { get; init; } = 256;

    /// <summary>Longest time between passes while saves keep coming.</summary>
    public TimeSpan TimeInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Responses created before this (Unix seconds) are past their age: evicted, and not found meanwhile.</summary>
    public long OldestKept => clock.GetUtcNow().ToUnixTimeSeconds() - (long)(options.MaxAgeDays * 86_400);

    /// <summary>Counts a save; true when a pass is due (and the count starts again).</summary>
    public bool NoteSave()
    {
        if (Interlocked.Increment(ref savesSinceLastPass) >= SaveInterval
            || clock.GetElapsedTime(Interlocked.Read(ref lastPassTimestamp)) >= TimeInterval)
        {
            Interlocked.Exchange(ref savesSinceLastPass, 0);
            Interlocked.Exchange(ref lastPassTimestamp, clock.GetTimestamp());
            return true;
        }

        return false;
    }

    /// <summary>One pass; the number of responses evicted, or 0 when another pass (here or on a replica) is running.</summary>
    public async Task<int> RunAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (!await running.WaitAsync(0, cancellationToken))
        {
            return 0;
        }

        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var tryLock = Command(connection, transaction, TryLockSql, EvictionLockKey);
            if (await tryLock.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return 0;
            }

            await using var byAge = Command(connection, transaction, EvictByAgeSql, OldestKept);
            await using var byCount = Command(connection, transaction, EvictByCountSql, options.MaxResponses);
            var evicted = await byAge.ExecuteNonQueryAsync(cancellationToken)
                + await byCount.ExecuteNonQueryAsync(cancellationToken);
            await transaction.SaveAsync("sweep", cancellationToken);
            try
            {
                await PostgresTombstones.SweepAsync(connection, transaction, null, cancellationToken);
            }
            catch (Exception exception) when (PostgresTombstones.IsForeignKeyViolation(exception))
            {
                // A replica saved a continuation of a tombstone meanwhile: the evictions stand, the next pass sweeps.
                await transaction.RollbackAsync("sweep", cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return evicted;
        }
        finally
        {
            running.Release();
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, long argument)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = argument });
        return command;
    }
}
