using Microsoft.Data.Sqlite;

namespace Responses.Server.Storage.Sqlite;

/// <summary>Background runs shared by the processes on this file (tables background_runs and background_events).</summary>
public sealed partial class SqliteResponseStore : IBackgroundRunStore
{
    public Task ClaimAsync(string responseId, string instance, long nowMs, CancellationToken cancellationToken) =>
        InTransactionAsync(
            (connection, transaction) => ExecuteAsync(
                connection,
                transaction,
                """
                INSERT INTO background_runs (response_id, instance, heartbeat_ms) VALUES ($id, $instance, $now)
                ON CONFLICT (response_id) DO UPDATE SET instance = excluded.instance, heartbeat_ms = excluded.heartbeat_ms;
                """,
                command =>
                {
                    command.Parameters.AddWithValue("$id", responseId);
                    command.Parameters.AddWithValue("$instance", instance);
                    command.Parameters.AddWithValue("$now", nowMs);
                },
                cancellationToken),
            cancellationToken);

    public Task<IReadOnlyList<string>> HeartbeatAsync(string instance, IReadOnlyCollection<string> responseIds, long nowMs, CancellationToken cancellationToken) =>
        InTransactionAsync<IReadOnlyList<string>>(async (connection, transaction) =>
        {
            var cancelled = new List<string>();
            foreach (var id in responseIds)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "UPDATE background_runs SET heartbeat_ms = $now WHERE response_id = $id AND instance = $instance RETURNING cancel_requested;";
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$instance", instance);
                command.Parameters.AddWithValue("$now", nowMs);
                if (await command.ExecuteScalarAsync(cancellationToken) is long requested && requested != 0)
                {
                    cancelled.Add(id);
                }
            }

            return cancelled;
        }, cancellationToken);

    /// <remarks>One prepared insert for the whole batch (a quarter-second of a run's events, a token each), one commit.</remarks>
    public Task AppendEventsAsync(string responseId, int firstSequence, IReadOnlyList<SharedEvent> events, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT OR REPLACE INTO background_events (response_id, seq, type, json) VALUES ($id, $seq, $type, $json);";
            command.Parameters.AddWithValue("$id", responseId);
            var sequence = command.Parameters.Add("$seq", SqliteType.Integer);
            var type = command.Parameters.Add("$type", SqliteType.Text);
            var json = command.Parameters.Add("$json", SqliteType.Blob);
            for (var i = 0; i < events.Count; i++)
            {
                sequence.Value = firstSequence + i;
                type.Value = events[i].Type;
                json.Value = events[i].Json.ToArray();
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return true;
        }, cancellationToken);

    public Task EndAsync(string responseId, long nowMs, CancellationToken cancellationToken) =>
        InTransactionAsync(
            (connection, transaction) => ExecuteAsync(
                connection,
                transaction,
                "UPDATE background_runs SET ended_ms = $now, heartbeat_ms = $now WHERE response_id = $id;",
                command =>
                {
                    command.Parameters.AddWithValue("$id", responseId);
                    command.Parameters.AddWithValue("$now", nowMs);
                },
                cancellationToken),
            cancellationToken);

    Task<SharedRunState?> IBackgroundRunStore.FindAsync(string responseId, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT instance, heartbeat_ms, ended_ms, cancel_requested,
                   (SELECT count(*) FROM background_events WHERE response_id = $id)
            FROM background_runs WHERE response_id = $id;
            """;
        command.Parameters.AddWithValue("$id", responseId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SharedRunState(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetInt64(3) != 0, (int)reader.GetInt64(4))
            : null;
    }, cancellationToken);

    public Task<bool> RequestCancelAsync(string responseId, CancellationToken cancellationToken) =>
        InTransactionAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                "UPDATE background_runs SET cancel_requested = 1 WHERE response_id = $id AND ended_ms IS NULL;",
                command => command.Parameters.AddWithValue("$id", responseId),
                cancellationToken) > 0,
            cancellationToken);

    public Task<IReadOnlyList<SharedEvent>> ReadEventsAsync(string responseId, int startingAfter, int max, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<SharedEvent>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT type, json FROM background_events WHERE response_id = $id AND seq > $after ORDER BY seq LIMIT $max;";
            command.Parameters.AddWithValue("$id", responseId);
            command.Parameters.AddWithValue("$after", startingAfter);
            command.Parameters.AddWithValue("$max", max);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var events = new List<SharedEvent>();
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(new SharedEvent(reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
            }

            return events;
        }, cancellationToken);

    public Task<int> TrimAsync(long endedBeforeMs, CancellationToken cancellationToken) =>
        InTransactionAsync(
            (connection, transaction) => ExecuteAsync(
                connection,
                transaction,
                """
                DELETE FROM background_events WHERE response_id IN (SELECT response_id FROM background_runs WHERE ended_ms < $before);
                DELETE FROM background_runs WHERE ended_ms < $before;
                """,
                command => command.Parameters.AddWithValue("$before", endedBeforeMs),
                cancellationToken),
            cancellationToken);
}
