using System.Net.Sockets;
using Npgsql;
using Responses.Server.Storage.Postgres;

namespace Responses.Tests.Unit.Server;

/// <summary>Outages are retried and answered with 503; a bad statement is a bug, and retrying it would only hide it.</summary>
public sealed class PostgresFaultsTests
{
    [Theory]
    [InlineData("08006")] // connection failure
    [InlineData("57P01")] // admin shutdown
    [InlineData("57P03")] // cannot connect now (starting up)
    [InlineData("53300")] // too many connections
    [InlineData("40001")] // serialization failure
    [InlineData("40P01")] // deadlock
    [InlineData("28P01")] // password authentication failed
    [InlineData("3D000")] // the database does not exist
    [InlineData("25006")] // read-only transaction (a standby after failover)
    public void Server_states_of_an_outage_are_unavailable(string sqlState)
    {
        Assert.True(PostgresFaults.IsUnavailable(Server(sqlState)));
    }

    [Theory]
    [InlineData("42601")] // syntax error
    [InlineData("42P01")] // undefined table
    [InlineData("22P02")] // invalid text representation
    [InlineData("23505")] // unique violation
    public void Errors_of_the_statement_itself_stay_as_they_are(string sqlState)
    {
        Assert.False(PostgresFaults.IsUnavailable(Server(sqlState)));
    }

    [Fact]
    public void Connection_failures_are_unavailable()
    {
        Assert.True(PostgresFaults.IsUnavailable(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(PostgresFaults.IsUnavailable(new SocketException((int)SocketError.ConnectionReset)));
        Assert.True(PostgresFaults.IsUnavailable(new IOException("reset")));
        Assert.True(PostgresFaults.IsUnavailable(new TimeoutException()));
    }

    [Fact]
    public void Cancellation_and_bugs_are_not()
    {
        Assert.False(PostgresFaults.IsUnavailable(new OperationCanceledException()));
        Assert.False(PostgresFaults.IsUnavailable(new InvalidOperationException()));
        Assert.False(PostgresFaults.IsUnavailable(new ObjectDisposedException("store")));
    }

    [Fact]
    public void Only_connection_and_shutdown_failures_drop_the_pool()
    {
        Assert.True(PostgresFaults.BrokeConnections(Server("57P01")));
        Assert.True(PostgresFaults.BrokeConnections(new NpgsqlException("Exception while reading from stream", new IOException())));
        Assert.False(PostgresFaults.BrokeConnections(Server("40P01")));
        Assert.False(PostgresFaults.BrokeConnections(Server("42601")));
    }

    private static PostgresException Server(string sqlState) => new("test", "ERROR", "ERROR", sqlState);
}
