using Npgsql;

namespace Responses.Server.Storage.Postgres;

/// <summary>
/// Deleted and evicted rows that kept rows continue: marked (a tombstone keeps its items, not its Response), and
/// removed once no row points at them any more. A removal goes up the chain in one statement while each tombstone
/// above has no other child; where two removed rows shared a parent it takes one more (rare: forks).
/// </summary>
internal static class PostgresTombstones
{
    /// <summary>What an UPDATE sets to make rows tombstones.</summary>
    public const string Mark = "deleted = true, size = size - octet_length(response_json), response_json = ''::bytea";

    private const string Up = """
        UNION
            SELECT p.id, p.parent_id FROM doomed d JOIN responses p ON p.id = d.parent_id
            WHERE p.deleted AND NOT EXISTS (SELECT 1 FROM responses c WHERE c.parent_id = p.id AND c.id <> d.id)
        )
        DELETE FROM responses r USING doomed d WHERE r.id = d.id
        RETURNING r.id, r.parent_id
        """;

    private const string FromSql = $"""
        WITH RECURSIVE doomed (id, parent_id) AS (
            SELECT r.id, r.parent_id FROM responses r
            WHERE r.id = ANY($1) AND r.deleted AND NOT EXISTS (SELECT 1 FROM responses c WHERE c.parent_id = r.id)
        {Up}
        """;

    private const string EverySql = $"""
        WITH RECURSIVE doomed (id, parent_id) AS (
            SELECT r.id, r.parent_id FROM responses r
            WHERE r.deleted AND NOT EXISTS (SELECT 1 FROM responses c WHERE c.parent_id = r.id)
        {Up}
        """;

    /// <summary>
    /// Removes the tombstones among <paramref name="ids"/> (every tombstone when null) that no row continues, and
    /// those above them that nothing else keeps; the number removed. A row a replica points at meanwhile fails
    /// the statement with a foreign key violation, and the tombstones stay for the next sweep.
    /// </summary>
    public static async Task<int> SweepAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string[]? ids, CancellationToken cancellationToken)
    {
        var removed = 0;
        while (true)
        {
            await using var command = new NpgsqlCommand(ids is null ? EverySql : FromSql, connection, transaction);
            if (ids is not null)
            {
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });
            }

            var gone = new HashSet<string>(StringComparer.Ordinal);
            var parents = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    gone.Add(reader.GetString(0));
                    if (!await reader.IsDBNullAsync(1, cancellationToken))
                    {
                        parents.Add(reader.GetString(1));
                    }
                }
            }

            removed += gone.Count;
            parents.ExceptWith(gone);
            if (parents.Count == 0)
            {
                return removed;
            }

            // Parents that kept another child this round: tombstones whose other children may have gone too.
            ids = [.. parents];
        }
    }

    /// <summary>Whether a statement failed because a row still points at one it removes, or at one it no longer finds.</summary>
    public static bool IsForeignKeyViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };
}
