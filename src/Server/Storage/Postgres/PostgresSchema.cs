using Npgsql;

namespace Responses.Server.Storage.Postgres;

/// <summary>
/// The store's tables (responses; conversations and their items; shared background runs), created on first use. Every replica may try at once, and concurrent CREATE TABLE IF NOT
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

        await using (var create = new NpgsqlCommand(CreateSql, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
