using Responses.Server.Runs;
using Responses.Server.Storage;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Store.Postgres;

/// <summary>One store on a real PostgreSQL: what goes in comes back byte for byte, and nothing else does.</summary>
public sealed class PostgresResponseStoreTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    [PostgresFact]
    public async Task A_saved_response_comes_back_byte_for_byte()
    {
        await using var store = PostgresDatabases.Store(await databases.CreateAsync());
        var response = StoredResponses.Create("resp_roundtrip", owner: "key_1");
        var large = StoredResponses.Create("resp_large", text: new string('x', 2_000_000));

        await store.SaveAsync(response, CancellationToken.None);
        await store.SaveAsync(large, CancellationToken.None);

        StoredResponses.AssertSame(response, await store.FindAsync("resp_roundtrip", CancellationToken.None));
        StoredResponses.AssertSame(large, await store.FindAsync("resp_large", CancellationToken.None));
    }

    [PostgresFact]
    public async Task An_unknown_id_is_not_found()
    {
        await using var store = PostgresDatabases.Store(await databases.CreateAsync());

        Assert.Null(await store.FindAsync("resp_unknown", CancellationToken.None));
        Assert.False(await store.DeleteAsync("resp_unknown", CancellationToken.None));
    }

    [PostgresFact]
    public async Task A_deleted_response_is_gone()
    {
        await using var store = PostgresDatabases.Store(await databases.CreateAsync());
        await store.SaveAsync(StoredResponses.Create("resp_deleted"), CancellationToken.None);

        Assert.True(await store.DeleteAsync("resp_deleted", CancellationToken.None));

        Assert.Null(await store.FindAsync("resp_deleted", CancellationToken.None));
        Assert.False(await store.DeleteAsync("resp_deleted", CancellationToken.None));
    }

    [PostgresFact]
    public async Task Saving_an_id_again_replaces_it()
    {
        var connectionString = await databases.CreateAsync();
        await using var store = PostgresDatabases.Store(connectionString);
        var replacement = StoredResponses.Create("resp_replaced", owner: null, text: "second");
        await store.SaveAsync(StoredResponses.Create("resp_replaced", owner: "key_1", text: "first"), CancellationToken.None);

        await store.SaveAsync(replacement, CancellationToken.None);

        StoredResponses.AssertSame(replacement, await store.FindAsync("resp_replaced", CancellationToken.None));
        Assert.Equal(1, await PostgresDatabases.CountRowsAsync(connectionString));
    }

    [PostgresFact]
    public async Task A_hundred_concurrent_creates_finds_and_deletes_lose_and_mix_up_nothing()
    {
        await using var store = PostgresDatabases.Store(await databases.CreateAsync());
        var existing = Enumerable.Range(0, 100).Select(i => StoredResponses.Create($"resp_old_{i}", text: $"old {i}")).ToArray();
        foreach (var response in existing)
        {
            await store.SaveAsync(response, CancellationToken.None);
        }

        // A third creates and reads back, a third reads another's, a third deletes: each checks its own result.
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            switch (i % 3)
            {
                case 0:
                    var created = StoredResponses.Create($"resp_new_{i}", text: $"new {i}");
                    await store.SaveAsync(created, CancellationToken.None);
                    StoredResponses.AssertSame(created, await store.FindAsync(created.Id, CancellationToken.None));
                    break;
                case 1:
                    StoredResponses.AssertSame(existing[i], await store.FindAsync(existing[i].Id, CancellationToken.None));
                    break;
                default:
                    Assert.True(await store.DeleteAsync(existing[i].Id, CancellationToken.None));
                    Assert.Null(await store.FindAsync(existing[i].Id, CancellationToken.None));
                    break;
            }
        })));

        for (var i = 0; i < 100; i++)
        {
            var kept = await store.FindAsync(existing[i].Id, CancellationToken.None);
            if (i % 3 == 2)
            {
                Assert.Null(kept);
            }
            else
            {
                StoredResponses.AssertSame(existing[i], kept);
            }

            Assert.Equal(i % 3 == 0, await store.FindAsync($"resp_new_{i}", CancellationToken.None) is not null);
        }
    }
}
