using Npgsql;

namespace Responses.Server.Storage.Postgres;

/// <summary>Background runs shared by every replica on this database (tables background_runs and background_events).</summary>
public sealed partial class PostgresResponseStore : IBackgroundRunStore
{
    public Task ClaimAsync(string responseId, string instance, long nowMs, CancellationToken cancellationToken) =>
        RunAsync("claim background run", async () =>
        {
            await using var command = dataSource.CreateCommand("""
                INSERT INTO background_runs (response_id, instance, heartbeat_ms) VALUES ($1, $2, $3)
                ON CONFLICT (response_id) DO UPDATE SET instance = EXCLUDED.instance, heartbeat_ms = EXCLUDED.heartbeat_ms
                """);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = responseId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instance });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = nowMs });
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<string>> HeartbeatAsync(string instance, IReadOnlyCollection<string> responseIds, long nowMs, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<string>>("heartbeat", async () =>
        {
            await using var command = dataSource.CreateCommand("""
                UPDATE background_runs SET heartbeat_ms = $3 WHERE instance = $1 AND response_id = ANY($2)
                RETURNING response_id, cancel_requested
                """);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instance });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = responseIds.ToArray() });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = nowMs });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var cancelled = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetBoolean(1))
                {
                    cancelled.Add(reader.GetString(0));
                }
            }

            return cancelled;
        }, cancellationToken);

    public Task AppendEventsAsync(string responseId, int firstSequence, IReadOnlyList<SharedEvent> events, CancellationToken cancellationToken) =>
        RunAsync("append background events", async () =>
        {
            await using var batch = dataSource.CreateBatch();
            for (var i = 0; i < events.Count; i++)
            {
                var command = new NpgsqlBatchCommand("""
                    INSERT INTO background_events (response_id, seq, type, json) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (response_id, seq) DO NOTHING
                    """);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = responseId });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = firstSequence + i });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = events[i].Type });
                command.Parameters.Add(Bytes(events[i].Json));
                batch.BatchCommands.Add(command);
            }

            // One round trip, one implicit transaction for the whole batch.
            return await batch.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task EndAsync(string responseId, long nowMs, CancellationToken cancellationToken) =>
        RunAsync("end background run", async () =>
        {
            await using var command = dataSource.CreateCommand("UPDATE background_runs SET ended_ms = $2, heartbeat_ms = $2 WHERE response_id = $1");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = responseId });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = nowMs });
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    Task<SharedRunState?> IBackgroundRunStore.FindAsync(string responseId, CancellationToken cancellationToken) =>
        RunAsync("find background run", async () =>
        {
            await using var command = dataSource.CreateCommand("""
                SELECT instance, heartbeat_ms, ended_ms, cancel_requested,
                       (SELECT count(*) FROM background_events WHERE response_id = $1)
                FROM background_runs WHERE response_id = $1
                """);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = responseId });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new SharedRunState(
                    reader.GetString(0),
                    reader.GetInt64(1),
                    await reader.IsDBNullAsync(2, cancellationToken) ? null : reader.GetInt64(2),
                    reader.GetBoolean(3),
                    (int)reader.GetInt64(4))
                : null;
        }, cancellationToken);

    public Task<bool> RequestCancelAsync(string responseId, CancellationToken cancellationToken) =>
        RunAsync("request cancel", async () =>
        {
            await using var command = dataSource.CreateCommand("UPDATE background_runs SET cancel_requested = true WHERE response_id = $1 AND ended_ms IS NULL");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = responseId });
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    public Task<IReadOnlyList<SharedEvent>> ReadEventsAsync(string responseId, int startingAfter, int max, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<SharedEvent>>("read background events", async () =>
        {
            await using var command = dataSource.CreateCommand("SELECT type, json FROM background_events WHERE response_id = $1 AND seq > $2 ORDER BY seq LIMIT $3");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = responseId });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = startingAfter });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var events = new List<SharedEvent>();
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(new SharedEvent(reader.GetString(0), await reader.GetFieldValueAsync<byte[]>(1, cancellationToken)));
            }

            return events;
        }, cancellationToken);

    public Task<int> TrimAsync(long endedBeforeMs, CancellationToken cancellationToken) =>
        InTransactionAsync("trim background runs", async (connection, transaction) =>
        {
            await using (var events = new NpgsqlCommand(
                "DELETE FROM background_events WHERE response_id IN (SELECT response_id FROM background_runs WHERE ended_ms < $1)", connection, transaction))
            {
                events.Parameters.Add(new NpgsqlParameter<long> { TypedValue = endedBeforeMs });
                await events.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var runs = new NpgsqlCommand("DELETE FROM background_runs WHERE ended_ms < $1", connection, transaction);
            runs.Parameters.Add(new NpgsqlParameter<long> { TypedValue = endedBeforeMs });
            return await runs.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
}
