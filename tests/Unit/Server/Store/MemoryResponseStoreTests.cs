using Microsoft.Extensions.Options;
using Responses.Server.Storage;
using Responses.Server.Storage.Memory;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Server.Store;

public sealed class MemoryResponseStoreTests
{
    private static MemoryResponseStore Store(int maxResponses = 10_000, long maxBytes = 256L * 1024 * 1024) =>
        new(Options.Create(new MemoryResponseStoreOptions { MaxResponses = maxResponses, MaxBytes = maxBytes }));

    private static StoredResponse Response(string id, int payloadBytes = 10) =>
        new(id, new byte[payloadBytes], "[]"u8.ToArray(), "[]"u8.ToArray(), CreatedAt: 0);

    private static async Task<bool> HasAsync(IResponseStore store, string id) =>
        await store.FindAsync(id, CancellationToken.None) is not null;

    [Fact]
    public async Task Save_find_and_delete_round_trip()
    {
        var store = Store();
        var saved = Response("resp_1");
        await store.SaveAsync(saved, CancellationToken.None);

        Assert.Same(saved, await store.FindAsync("resp_1", CancellationToken.None));
        Assert.True(await store.DeleteAsync("resp_1", CancellationToken.None));
        Assert.Null(await store.FindAsync("resp_1", CancellationToken.None));
        Assert.False(await store.DeleteAsync("resp_1", CancellationToken.None));
        Assert.True(store.IsAvailable);
    }

    [Fact]
    public async Task A_save_of_an_existing_id_replaces_it()
    {
        var store = Store(maxResponses: 2);
        await store.SaveAsync(Response("resp_1"), CancellationToken.None);
        var second = Response("resp_1", payloadBytes: 20);
        await store.SaveAsync(second, CancellationToken.None);

        Assert.Same(second, await store.FindAsync("resp_1", CancellationToken.None));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task Beyond_MaxResponses_the_oldest_is_evicted()
    {
        var store = Store(maxResponses: 3);
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            await store.SaveAsync(Response(id), CancellationToken.None);
        }

        Assert.False(await HasAsync(store, "a"));
        Assert.True(await HasAsync(store, "b"));
        Assert.True(await HasAsync(store, "d"));
        Assert.Equal(3, store.Count);
    }

    [Fact]
    public async Task Beyond_MaxBytes_the_oldest_are_evicted_until_it_fits()
    {
        var size = Response("a", payloadBytes: 1000).SizeBytes;
        var store = Store(maxBytes: size * 2 + size / 2);
        await store.SaveAsync(Response("a", 1000), CancellationToken.None);
        await store.SaveAsync(Response("b", 1000), CancellationToken.None);
        Assert.Equal(2, store.Count);

        // Two and a half fit: a third evicts the first.
        await store.SaveAsync(Response("c", 1000), CancellationToken.None);
        Assert.False(await HasAsync(store, "a"));
        Assert.Equal(2, store.Count);

        // One three times as big evicts everything else, and stays though it alone is too big.
        await store.SaveAsync(Response("big", 3000), CancellationToken.None);
        Assert.Equal(1, store.Count);
        Assert.True(await HasAsync(store, "big"));
    }

    [Fact]
    public async Task A_find_refreshes_so_the_least_recently_used_goes_first()
    {
        var store = Store(maxResponses: 3);
        await store.SaveAsync(Response("a"), CancellationToken.None);
        await store.SaveAsync(Response("b"), CancellationToken.None);
        await store.SaveAsync(Response("c"), CancellationToken.None);

        Assert.True(await HasAsync(store, "a"));
        await store.SaveAsync(Response("d"), CancellationToken.None);

        Assert.True(await HasAsync(store, "a"));
        Assert.False(await HasAsync(store, "b"));
        Assert.True(await HasAsync(store, "c"));
    }

    [Fact]
    public async Task Concurrent_saves_finds_and_deletes_lose_nothing()
    {
        var store = Store();
        await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
        {
            await store.SaveAsync(Response($"keep_{i}", i), token);
            await store.SaveAsync(Response($"drop_{i}", i), token);
            Assert.NotNull(await store.FindAsync($"keep_{i}", token));
            Assert.True(await store.DeleteAsync($"drop_{i}", token));
            // Chains read what others wrote concurrently.
            await store.FindAsync($"keep_{(i + 1) % 100}", token);
        });

        Assert.Equal(100, store.Count);
        for (var i = 0; i < 100; i++)
        {
            var found = await store.FindAsync($"keep_{i}", CancellationToken.None);
            Assert.Equal(i, found!.ResponseJson.Length);
            Assert.Null(await store.FindAsync($"drop_{i}", CancellationToken.None));
        }
    }

    [Fact]
    public async Task Evicted_turns_of_a_chain_stay_for_the_tip_and_go_with_the_last_turn_that_needs_them()
    {
        var store = Store(maxResponses: 3);
        var ids = await StoreChainScenarios.SaveChainAsync(store, "resp_", 6, createdAt: 0);

        Assert.Equal(3, store.Count);
        Assert.False(await HasAsync(store, ids[2]));
        Assert.Equal(StoreChainScenarios.ItemsOf(ids), StoreChainScenarios.ItemIds((await store.FindChainAsync(ids[5], CancellationToken.None))!));
        Assert.Equal(6, store.Entries);

        // The tip and the turn before it go: the rest still hangs from turn 3.
        Assert.True(await store.DeleteAsync(ids[5], CancellationToken.None));
        Assert.True(await store.DeleteAsync(ids[4], CancellationToken.None));
        Assert.Equal(4, store.Entries);
        Assert.Equal(StoreChainScenarios.ItemsOf(ids[..4]), StoreChainScenarios.ItemIds((await store.FindChainAsync(ids[3], CancellationToken.None))!));

        Assert.True(await store.DeleteAsync(ids[3], CancellationToken.None));
        Assert.Equal(0, store.Entries);
        Assert.Equal(0, store.Bytes);
    }

    [Fact]
    public async Task The_byte_bound_counts_what_is_kept_a_tombstone_without_its_Response()
    {
        var store = Store();
        var ids = await StoreChainScenarios.SaveChainAsync(store, "resp_", 3, createdAt: 0);
        var turns = ids.Select((id, turn) => StoreChainScenarios.Turn(id, turn == 0 ? null : ids[turn - 1], turn)).ToArray();
        Assert.Equal(turns.Sum(turn => turn.SizeBytes), store.Bytes);

        Assert.True(await store.DeleteAsync(ids[1], CancellationToken.None));
        Assert.Equal(turns.Sum(turn => turn.SizeBytes) - turns[1].ResponseJson.Length, store.Bytes);

        Assert.True(await store.DeleteAsync(ids[2], CancellationToken.None));
        Assert.Equal(turns[0].SizeBytes, store.Bytes);
    }

    [Fact]
    public async Task Beyond_MaxBytes_a_chains_older_turns_become_tombstones_and_the_tip_keeps_its_chain()
    {
        var size = StoreChainScenarios.Turn("resp_0", null, 0).SizeBytes;
        var store = Store(maxBytes: size * 3);
        var ids = await StoreChainScenarios.SaveChainAsync(store, "resp_", 8, createdAt: 0);

        // What the tip needs is kept whatever the bound: only Responses of older turns could go, so they did.
        Assert.Equal(1, store.Count);
        Assert.Equal(StoreChainScenarios.ItemsOf(ids), StoreChainScenarios.ItemIds((await store.FindChainAsync(ids[^1], CancellationToken.None))!));

        // A response of another chain pushes the tip out too: all of it goes.
        await store.SaveAsync(Response("resp_other", payloadBytes: (int)size * 2), CancellationToken.None);
        Assert.Equal(1, store.Count);
        Assert.Equal(1, store.Entries);
        Assert.False(await store.SaveAsync(StoreChainScenarios.Turn("resp_late", ids[^1], 9), CancellationToken.None));
    }
}
