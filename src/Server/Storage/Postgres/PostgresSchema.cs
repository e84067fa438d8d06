using Npgsql;

namespace Responses.Server.Storage.Postgres;

/// <summary>
/// The store's tables (responses; conversations and their items; shared background runs), created (or brought up to
/// date: every step is IF NOT EXISTS) on first use. Every replica may try at once, and concurrent CREATE TABLE IF NOT
/// EXISTS can still collide in PostgreSQL's catalog, so creation runs under a transaction-scoped advisory lock.
/// </summary>
internal sealed class PostgresSchema
{
    /// <summary>Advisory lock key for schema creation (any constant; "RSPSCHEM" in ASCII).</summary>
    private const long SchemaLockKey = 0x5253_5053_4348_454D;

    // bytea, not jsonb: jsonb reorders keys and rewrites whitespace, and a stored Response must come back byte-equal.
    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS responses (
            id text PRIMARY KEY,
            response_json bytea NOT NULL,
            input_items_json bytea NOT NULL,
            output_items_json bytea NOT NULL,
            created_at bigint NOT NULL,
            owner text,
            size bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS responses_created_at ON responses (created_at, id);
        CREATE TABLE IF NOT EXISTS conversations (
            id text PRIMARY KEY,
            created_at bigint NOT NULL,
            metadata_json bytea NOT NULL,
            owner text);
        CREATE TABLE IF NOT EXISTS conversation_items (
            conversation_id text NOT NULL,
            seq bigint NOT NULL,
            id text NOT NULL,
            item_json bytea NOT NULL,
            PRIMARY KEY (conversation_id, seq));
        CREATE INDEX IF NOT EXISTS conversation_items_by_id ON conversation_items (conversation_id, id);
        CREATE TABLE IF NOT EXISTS background_runs (
            response_id text PRIMARY KEY,
            instance text NOT NULL,
            heartbeat_ms bigint NOT NULL,
            ended_ms bigint,
            cancel_requested boolean NOT NULL DEFAULT false);
        CREATE TABLE IF NOT EXISTS background_events (
            response_id text NOT NULL,
            seq integer NOT NULL,
            type text NOT NULL,
            json bytea NOT NULL,
            PRIMARY KEY (response_id, seq));
        """;

    // A chain is a row per response pointing at the one it continues (parent_id), not a copy of the chain in each.
    // Rows a table created before holds have none and hold their chain themselves: roots as they stand. A deleted or
    // evicted row that a kept row continues stays as a tombstone (deleted, without its Response) until the last row
    // that continues it goes; the foreign key makes that hold across replicas (a row another still points at cannot
    // be removed, and a row cannot point at one removed meanwhile). ALTER TABLE locks the table even when it has
    // nothing to do, so it runs only where the columns are missing, not at every replica's start.
    private const string ChainSql = """
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_schema = current_schema() AND table_name = 'responses' AND column_name = 'deleted') THEN
                ALTER TABLE responses ADD COLUMN IF NOT EXISTS parent_id text REFERENCES responses (id);
                ALTER TABLE responses ADD COLUMN IF NOT EXISTS deleted boolean NOT NULL DEFAULT false;
            END IF;
        END $$;
        CREATE INDEX IF NOT EXISTS responses_parent ON responses (parent_id);
        CREATE INDEX IF NOT EXISTS responses_tombstones ON responses (id) WHERE deleted;
        """;

    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool ready;

    /// <summary>Creates the table once per store; a failure (database down at first use) is tried again next call.</summary>
    public async ValueTask EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (ready)
        {
            return;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!ready)
            {
                await CreateAsync(dataSource, cancellationToken);
                ready = true;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task CreateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = SchemaLockKey });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var sql in new[] { CreateSql, ChainSql })
        {
            await using var create = new NpgsqlCommand(sql, connection, transaction);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
