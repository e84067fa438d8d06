using Microsoft.Data.Sqlite;
using Responses.Server.Storage;

namespace Responses.Tests.Support;

/// <summary>
/// A SQLite store file as version 1 of the schema left it, for tests that open an old file: its one migration,
/// verbatim (a migration is never edited, so a file of that version looks exactly so), and responses as that
/// version kept them, each holding its whole chain in its own input items.
/// </summary>
public static class SqliteVersion1File
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
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
        PRAGMA user_version = 1;
        """;

    private const string InsertSql = """
        INSERT INTO responses (id, response_json, input_items_json, output_items_json, created_at, owner, size)
        VALUES ($id, $response, $input, $output, $created_at, $owner, $size);
        """;

    /// <summary>Creates the file (its folder must exist) holding <paramref name="responses"/>.</summary>
    public static void Write(string path, params StoredResponse[] responses)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using (var schema = connection.CreateCommand())
        {
            schema.CommandText = Schema;
            schema.ExecuteNonQuery();
        }

        foreach (var response in responses)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = InsertSql;
            insert.Parameters.AddWithValue("$id", response.Id);
            insert.Parameters.Add("$response", SqliteType.Blob).Value = response.ResponseJson.ToArray();
            insert.Parameters.Add("$input", SqliteType.Blob).Value = response.InputItemsJson.ToArray();
            insert.Parameters.Add("$output", SqliteType.Blob).Value = response.OutputItemsJson.ToArray();
            insert.Parameters.AddWithValue("$created_at", response.CreatedAt);
            insert.Parameters.AddWithValue("$owner", (object?)response.Owner ?? DBNull.Value);
            insert.Parameters.AddWithValue("$size", response.SizeBytes);
            insert.ExecuteNonQuery();
        }
    }
}
