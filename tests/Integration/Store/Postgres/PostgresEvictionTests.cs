using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Responses.Server.Storage;
using Responses.Server.Storage.Postgres;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Store.Postgres;

/// <summary>The store stays within its bounds: the newest MaxResponses, none older than MaxAgeDays.</summary>
public sealed class PostgresEvictionTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    private const long Day = 86_400;

    [PostgresFact]
    public async Task Beyond_the_count_bound_the_oldest_are_evicted()
    {
        var connectionString = await databases.CreateAsync();
        await using var store = PostgresDatabases.Store(connectionString, new StoreOptions { MaxResponses = 5 });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        for (var i = 0; i < 12; i++)
        {
            await store.SaveAsync(StoredResponses.Create($"resp_{i:D2}", createdAt: now - 100 + i), CancellationToken.None);
        }

        Assert.Equal(7, await store.EvictAsync(CancellationToken.None));

        Assert.Equal(5, await PostgresDatabases.CountRowsAsync(connectionString));
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(i >= 7, await store.FindAsync($"resp_{i:D2}", CancellationToken.None) is not null);
        }
    }

    [PostgresFact]
    public async Task Past_the_age_bound_a_response_is_not_found_and_then_evicted()
    {
        var connectionString = await databases.CreateAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var store = PostgresDatabases.Store(connectionString, new StoreOptions { MaxAgeDays = 30 }, clock);
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        await store.SaveAsync(StoredResponses.Create("resp_old", createdAt: now - 31 * Day), CancellationToken.None);
        await store.SaveAsync(StoredResponses.Create("resp_recent", createdAt: now - 1 * Day), CancellationToken.None);

        // Hidden at once, removed by the next pass.
        Assert.Null(await store.FindAsync("resp_old", CancellationToken.None));
        Assert.Equal(1, await store.EvictAsync(CancellationToken.None));
        Assert.Equal(1, await PostgresDatabases.CountRowsAsync(connectionString));
        Assert.NotNull(await store.FindAsync("resp_recent", CancellationToken.None));

        clock.Advance(TimeSpan.FromDays(30));

        Assert.Null(await store.FindAsync("resp_recent", CancellationToken.None));
        Assert.Equal(1, await store.EvictAsync(CancellationToken.None));
        Assert.Equal(0, await PostgresDatabases.CountRowsAsync(connectionString));
    }

    [PostgresFact]
    public async Task Saves_run_a_pass_every_so_often_without_being_asked()
    {
        var connectionString = await databases.CreateAsync();
        var options = new StoreOptions { MaxResponses = 3 };
        var eviction = new PostgresEviction(options, TimeProvider.System) { SaveInterval = 10 };
        await using var throttled = new PostgresResponseStore(connectionString, options, NullLogger<PostgresResponseStore>.Instance)
        {
            Eviction = eviction,
        };

        for (var i = 0; i < 9; i++)
        {
            await throttled.SaveAsync(StoredResponses.Create($"resp_{i}"), CancellationToken.None);
        }

        Assert.Equal(9, await PostgresDatabases.CountRowsAsync(connectionString));
        await throttled.SaveAsync(StoredResponses.Create("resp_9"), CancellationToken.None);
        Assert.Equal(3, await PostgresDatabases.CountRowsAsync(connectionString));
    }
}
