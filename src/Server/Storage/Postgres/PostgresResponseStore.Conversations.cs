using Npgsql;
using NpgsqlTypes;

namespace Responses.Server.Storage.Postgres;

/// <summary>
/// Conversations in the same database as the responses, so every replica sees them. An append locks its
/// conversation's row, so concurrent appends (two replicas, two responses ending at once) get distinct, ordered seqs.
/// </summary>
public sealed partial class PostgresResponseStore : IConversationStore
{
    private const string AppendItemSql = """
        INSERT INTO conversation_items (conversation_id, seq, id, item_json)
        VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM conversation_items WHERE conversation_id = $1), $2, $3)
        """;

    public Task CreateAsync(StoredConversation conversation, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken) =>
        InTransactionAsync("create conversation", async (connection, transaction) =>
        {
            await using (var command = new NpgsqlCommand(
                "INSERT INTO conversations (id, created_at, metadata_json, owner) VALUES ($1, $2, $3, $4)", connection, transaction))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = conversation.Id });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = conversation.CreatedAt });
                command.Parameters.Add(Bytes(conversation.MetadataJson));
                command.Parameters.Add(Text(conversation.Owner));
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await AppendItemsAsync(connection, transaction, conversation.Id, items, cancellationToken);
            return true;
        }, cancellationToken);

    Task<StoredConversation?> IConversationStore.FindAsync(string id, CancellationToken cancellationToken) =>
        RunAsync("find conversation", async () =>
        {
            await using var command = dataSource.CreateCommand("SELECT created_at, metadata_json, owner FROM conversations WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new StoredConversation(
                    id,
                    reader.GetInt64(0),
                    await reader.GetFieldValueAsync<byte[]>(1, cancellationToken),
                    await reader.IsDBNullAsync(2, cancellationToken) ? null : reader.GetString(2))
                : null;
        }, cancellationToken);

    public Task<bool> UpdateMetadataAsync(string id, ReadOnlyMemory<byte> metadataJson, CancellationToken cancellationToken) =>
        RunAsync("update conversation", async () =>
        {
            await using var command = dataSource.CreateCommand("UPDATE conversations SET metadata_json = $2 WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            command.Parameters.Add(Bytes(metadataJson));
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    Task<bool> IConversationStore.DeleteAsync(string id, CancellationToken cancellationToken) =>
        InTransactionAsync("delete conversation", async (connection, transaction) =>
        {
            await using (var items = new NpgsqlCommand("DELETE FROM conversation_items WHERE conversation_id = $1", connection, transaction))
            {
                items.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
                await items.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var command = new NpgsqlCommand("DELETE FROM conversations WHERE id = $1", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    public Task<bool> AppendAsync(string id, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken) =>
        InTransactionAsync("append to conversation", async (connection, transaction) =>
        {
            await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE", connection, transaction))
            {
                lockRow.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
                if (await lockRow.ExecuteScalarAsync(cancellationToken) is null)
                {
                    return false;
                }
            }

            await AppendItemsAsync(connection, transaction, id, items, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<StoredItem>> ItemsAsync(string id, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<StoredItem>>("list conversation items", async () =>
        {
            await using var command = dataSource.CreateCommand("SELECT id, item_json FROM conversation_items WHERE conversation_id = $1 ORDER BY seq");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var items = new List<StoredItem>();
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new StoredItem(reader.GetString(0), await reader.GetFieldValueAsync<byte[]>(1, cancellationToken)));
            }

            return items;
        }, cancellationToken);

    public Task<bool> DeleteItemAsync(string id, string itemId, CancellationToken cancellationToken) =>
        RunAsync("delete conversation item", async () =>
        {
            await using var command = dataSource.CreateCommand("DELETE FROM conversation_items WHERE conversation_id = $1 AND id = $2");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = itemId });
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    private static async Task AppendItemsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string conversationId, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            await using var command = new NpgsqlCommand(AppendItemSql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = conversationId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = item.Id });
            command.Parameters.Add(Bytes(item.Json));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    private Task<T> InTransactionAsync<T>(string operation, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(operation, async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(CancellationToken.None);
            return result;
        }, cancellationToken);
}
