using Npgsql;
using Responses.Server.Errors;
using Responses.Server.Storage;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Store.Postgres;

/// <summary>
/// The database goes away and comes back: every operation meanwhile fails as StoreUnavailableException (what the
/// resilience decorator retries and the API answers with 503), and the same store works again once it is back.
/// Runs on a cluster of its own, so stopping it disturbs no other test.
/// </summary>
public sealed class PostgresOutageTests(ThrowawayPostgresCluster cluster) : IClassFixture<ThrowawayPostgresCluster>
{
    [PostgresFact]
    public async Task While_the_server_is_down_operations_are_unavailable_and_after_it_is_back_they_work()
    {
        await using var store = PostgresDatabases.Store(cluster.ConnectionString);
        var before = StoredResponses.Create("resp_before");
        var after = StoredResponses.Create("resp_after");
        await store.SaveAsync(before, CancellationToken.None);

        // A store first used during the outage cannot even create its table; it must recover all the same.
        await using var startedDuringOutage = PostgresDatabases.Store(cluster.ConnectionString);

        await cluster.StopAsync();
        try
        {
            await AssertUnavailable(() => store.SaveAsync(after, CancellationToken.None));
            await AssertUnavailable(() => store.FindAsync("resp_before", CancellationToken.None));
            await AssertUnavailable(() => store.DeleteAsync("resp_before", CancellationToken.None));
            await AssertUnavailable(() => startedDuringOutage.FindAsync("resp_before", CancellationToken.None));
        }
        finally
        {
            await cluster.StartAsync();
        }

        StoredResponses.AssertSame(before, await store.FindAsync("resp_before", CancellationToken.None));
        StoredResponses.AssertSame(before, await startedDuringOutage.FindAsync("resp_before", CancellationToken.None));
        await store.SaveAsync(after, CancellationToken.None);
        StoredResponses.AssertSame(after, await store.FindAsync("resp_after", CancellationToken.None));
        await using var recovered = PostgresDatabases.Store(cluster.ConnectionString);
        Assert.True(await recovered.DeleteAsync("resp_after", CancellationToken.None));
    }

    private static async Task AssertUnavailable(Func<Task> operation)
    {
        var exception = await Assert.ThrowsAsync<StoreUnavailableException>(operation);
        Assert.True(exception.InnerException is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException,
            $"Unexpected inner exception: {exception.InnerException}");
    }
}
