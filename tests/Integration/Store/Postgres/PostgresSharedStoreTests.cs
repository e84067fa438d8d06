using Responses.Server.Storage;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Store.Postgres;

/// <summary>
/// Two stores, each with its own data source and pool, on one database: two server processes sharing the store,
/// so a chain started on one replica can continue on the other.
/// </summary>
public sealed class PostgresSharedStoreTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    [PostgresFact]
    public async Task What_one_replica_saves_the_other_finds_and_deletes()
    {
        var connectionString = await databases.CreateAsync();
        await using var a = PostgresDatabases.Store(connectionString);
        await using var b = PostgresDatabases.Store(connectionString);
        var response = StoredResponses.Create("resp_shared");

        await a.SaveAsync(response, CancellationToken.None);

        StoredResponses.AssertSame(response, await b.FindAsync("resp_shared", CancellationToken.None));
        Assert.True(await b.DeleteAsync("resp_shared", CancellationToken.None));
        Assert.Null(await a.FindAsync("resp_shared", CancellationToken.None));
    }

    [PostgresFact]
    public async Task A_replacement_on_one_replica_is_what_the_other_reads()
    {
        var connectionString = await databases.CreateAsync();
        await using var a = PostgresDatabases.Store(connectionString);
        await using var b = PostgresDatabases.Store(connectionString);
        var second = StoredResponses.Create("resp_shared", text: "second");
        await a.SaveAsync(StoredResponses.Create("resp_shared", text: "first"), CancellationToken.None);

        await b.SaveAsync(second, CancellationToken.None);

        StoredResponses.AssertSame(second, await a.FindAsync("resp_shared", CancellationToken.None));
    }

    [PostgresFact]
    public async Task Replicas_starting_together_on_an_empty_database_create_the_table_once()
    {
        var connectionString = await databases.CreateAsync();
        var stores = Enumerable.Range(0, 8).Select(_ => PostgresDatabases.Store(connectionString)).ToArray();
        try
        {
            // Unguarded, concurrent CREATE TABLE IF NOT EXISTS can fail on a catalog unique violation.
            await Task.WhenAll(stores.Select((store, i) => store.SaveAsync(StoredResponses.Create($"resp_{i}"), CancellationToken.None)));

            for (var i = 0; i < stores.Length; i++)
            {
                Assert.NotNull(await stores[(i + 1) % stores.Length].FindAsync($"resp_{i}", CancellationToken.None));
            }
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }
}
