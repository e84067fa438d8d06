using Microsoft.Data.Sqlite;

namespace Responses.Server.Storage.Sqlite;

/// <summary>Conversations in the same SQLite file as the responses (tables conversations and conversation_items).</summary>
public sealed partial class SqliteResponseStore : IConversationStore
{
    private const string AppendItemSql = """
        INSERT INTO conversation_items (conversation_id, seq, id, item_json)
        VALUES ($conversation, (SELECT coalesce(max(seq), 0) + 1 FROM conversation_items WHERE conversation_id = $conversation), $id, $json);
        """;

    public Task CreateAsync(StoredConversation conversation, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO conversations (id, created_at, metadata_json, owner) VALUES ($id, $created_at, $metadata, $owner);",
                command =>
                {
                    command.Parameters.AddWithValue("$id", conversation.Id);
                    command.Parameters.AddWithValue("$created_at", conversation.CreatedAt);
                    command.Parameters.Add("$metadata", SqliteType.Blob).Value = conversation.MetadataJson.ToArray();
                    command.Parameters.AddWithValue("$owner", (object?)conversation.Owner ?? DBNull.Value);
                },
                cancellationToken);
            await AppendItemsAsync(connection, transaction, conversation.Id, items, cancellationToken);
            return true;
        }, cancellationToken);

    Task<StoredConversation?> IConversationStore.FindAsync(string id, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT created_at, metadata_json, owner FROM conversations WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredConversation(id, reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.IsDBNull(2) ? null : reader.GetString(2))
            : null;
    }, cancellationToken);

    public Task<bool> UpdateMetadataAsync(string id, ReadOnlyMemory<byte> metadataJson, CancellationToken cancellationToken) =>
        InTransactionAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                "UPDATE conversations SET metadata_json = $metadata WHERE id = $id;",
                command =>
                {
                    command.Parameters.AddWithValue("$id", id);
                    command.Parameters.Add("$metadata", SqliteType.Blob).Value = metadataJson.ToArray();
                },
                cancellationToken) > 0,
            cancellationToken);

    Task<bool> IConversationStore.DeleteAsync(string id, CancellationToken cancellationToken) =>
        InTransactionAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM conversation_items WHERE conversation_id = $id; DELETE FROM conversations WHERE id = $id;",
                command => command.Parameters.AddWithValue("$id", id),
                cancellationToken) > 0,
            cancellationToken);

    public Task<bool> AppendAsync(string id, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            await using (var exists = connection.CreateCommand())
            {
                exists.Transaction = transaction;
                exists.CommandText = "SELECT 1 FROM conversations WHERE id = $id;";
                exists.Parameters.AddWithValue("$id", id);
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    return false;
                }
            }

            await AppendItemsAsync(connection, transaction, id, items, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<StoredItem>> ItemsAsync(string id, CancellationToken cancellationToken) => RunAsync<IReadOnlyList<StoredItem>>(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, item_json FROM conversation_items WHERE conversation_id = $id ORDER BY seq;";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<StoredItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new StoredItem(reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
        }

        return items;
    }, cancellationToken);

    public Task<bool> DeleteItemAsync(string id, string itemId, CancellationToken cancellationToken) =>
        InTransactionAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM conversation_items WHERE conversation_id = $id AND id = $item;",
                command =>
                {
                    command.Parameters.AddWithValue("$id", id);
                    command.Parameters.AddWithValue("$item", itemId);
                },
                cancellationToken) > 0,
            cancellationToken);

    private static async Task AppendItemsAsync(
        SqliteConnection connection, SqliteTransaction transaction, string conversationId, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            await ExecuteAsync(
                connection,
                transaction,
                AppendItemSql,
                command =>
                {
                    command.Parameters.AddWithValue("$conversation", conversationId);
                    command.Parameters.AddWithValue("$id", item.Id);
                    command.Parameters.Add("$json", SqliteType.Blob).Value = item.Json.ToArray();
                },
                cancellationToken);
        }
    }

    private static async Task<int> ExecuteAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One write transaction, taken at once (IMMEDIATE), so an append's seq cannot race another writer's.</summary>
    private Task<T> InTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction);
            // Not cancellable from here on: a commit half-observed by the caller would be the worst of both.
            await transaction.CommitAsync(CancellationToken.None);
            return result;
        }, cancellationToken);
}
