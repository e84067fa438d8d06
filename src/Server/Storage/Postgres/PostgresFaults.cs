using System.Net.Sockets;
using Npgsql;

namespace Responses.Server.Storage.Postgres;

/// <summary>
/// Which failures mean "the database cannot be reached or cannot take this now" (retried behind the circuit breaker
/// and answered with 503) and which are bugs (a bad statement, a violated constraint) that retries would not fix.
/// </summary>
internal static class PostgresFaults
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        // The caller gave up; that is its answer, not an outage.
        OperationCanceledException => false,
        PostgresException postgres => postgres.IsTransient || IsUnavailableState(postgres.SqlState),
        // Everything below the server's own errors: refused, reset or timed-out connections, an exhausted pool.
        NpgsqlException => true,
        SocketException or IOException or TimeoutException => true,
        _ => false,
    };

    /// <summary>
    /// Whether pooled connections are likely dead too: the connection layer failed, or the server is shutting down.
    /// A deadlock or a full disk leaves them usable.
    /// </summary>
    public static bool BrokeConnections(Exception exception) =>
        exception is PostgresException postgres ? postgres.SqlState[..2] is "08" or "57" : IsUnavailable(exception);

    // SQLSTATE classes (PostgreSQL manual, appendix A) where the server is down, going down, full, failing over or
    // refusing this client: 08 connection, 28 authorization, 3D the database is missing, 40 rollback (serialization,
    // deadlock), 53 resources, 57 operator intervention (shutdown), 58 system; and 25006 (a read-only standby).
    private static bool IsUnavailableState(string sqlState) =>
        sqlState is "25006" || sqlState[..2] is "08" or "28" or "3D" or "40" or "53" or "57" or "58";
}
