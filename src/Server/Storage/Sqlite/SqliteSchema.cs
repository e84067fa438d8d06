using Microsoft.Data.Sqlite;

namespace Responses.Server.Storage.Sqlite;

/// <summary>
/// The store's tables, versioned by PRAGMA user_version: each migration runs once, in order, in one transaction
/// with the version bump, so a file is always at a whole version (a new migration is appended, never edited).
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        // 1: one row per response. The count table is kept by triggers, so the count bound costs no scan per save.
        """
        CREATE TABLE responses (
            id TEXT NOT NULL PRIMARY KEY,
            response_json BLOB NOT NULL,
            input_items_json BLOB NOT NULL,
            output_items_json BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            owner TEXT,
            size INTEGER NOT NULL
        );
        CREATE INDEX responses_by_age ON responses (created_at);
        CREATE TABLE response_count (n INTEGER NOT NULL);
        INSERT INTO response_count (n) VALUES (0);
        CREATE TRIGGER responses_counted_in AFTER INSERT ON responses BEGIN UPDATE response_count SET n = n + 1; END;
        CREATE TRIGGER responses_counted_out AFTER DELETE ON responses BEGIN UPDATE response_count SET n = n - 1; END;
        """,

        // 2: conversations, each an ordered thread of items (seq orders them; an item's id is unique in its conversation).
        """
        CREATE TABLE conversations (
            id TEXT NOT NULL PRIMARY KEY,
            created_at INTEGER NOT NULL,
            metadata_json BLOB NOT NULL,
            owner TEXT
        );
        CREATE TABLE conversation_items (
            conversation_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            id TEXT NOT NULL,
            item_json BLOB NOT NULL,
            PRIMARY KEY (conversation_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX conversation_items_by_id ON conversation_items (conversation_id, id);
        """,

        // 3: background runs shared by the processes on this file: who runs each, its heartbeat, its events.
        """
        CREATE TABLE background_runs (
            response_id TEXT NOT NULL PRIMARY KEY,
            instance TEXT NOT NULL,
            heartbeat_ms INTEGER NOT NULL,
            ended_ms INTEGER,
            cancel_requested INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE background_events (
            response_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            type TEXT NOT NULL,
            json BLOB NOT NULL,
            PRIMARY KEY (response_id, seq)
        ) WITHOUT ROWID;
        """,

        // 4: a chain is a row per response pointing at the one it continues (parent_id), not a copy of the chain in
        // each. Rows written before have none and hold their chain themselves: they are roots as they stand. A
        // deleted or evicted row that a kept row continues stays as a tombstone (deleted = 1, without its Response):
        // not counted, not found, and removed with the last row that continues it.
        """
        ALTER TABLE responses ADD COLUMN parent_id TEXT;
        ALTER TABLE responses ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX responses_by_parent ON responses (parent_id) WHERE parent_id IS NOT NULL;
        DROP INDEX responses_by_age;
        CREATE INDEX responses_live_by_age ON responses (created_at) WHERE deleted = 0;
        DROP TRIGGER responses_counted_in;
        DROP TRIGGER responses_counted_out;
        CREATE TRIGGER responses_counted_in AFTER INSERT ON responses WHEN NEW.deleted = 0
            BEGIN UPDATE response_count SET n = n + 1; END;
        CREATE TRIGGER responses_counted_out AFTER DELETE ON responses WHEN OLD.deleted = 0
            BEGIN UPDATE response_count SET n = n - 1; END;
        CREATE TRIGGER responses_counted_change AFTER UPDATE OF deleted ON responses WHEN OLD.deleted <> NEW.deleted
            BEGIN UPDATE response_count SET n = n + OLD.deleted - NEW.deleted; END;
        """,
    ];

    public static int Version => Migrations.Length;

    /// <summary>Brings the file to <see cref="Version"/>; safe when several processes open it at once.</summary>
    public static void Migrate(SqliteConnection connection)
    {
        // WAL lets readers run beside the one writer, and it is a property of the file: set once, kept.
        Execute(connection, "PRAGMA journal_mode = WAL;");
        if (ReadVersion(connection) == Version)
        {
            return;
        }

        // IMMEDIATE takes the write lock first, so a second process waits here and then sees the new version.
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = ReadVersion(connection, transaction);
        if (version > Version)
        {
            throw new InvalidOperationException(
                $"The store file is at schema version {version}, newer than this server's {Version}: a newer server wrote it.");
        }

        for (; version < Version; version++)
        {
            Execute(connection, Migrations[version], transaction);
            Execute(connection, $"PRAGMA user_version = {version + 1};", transaction);
        }

        transaction.Commit();
    }

    private static long ReadVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
