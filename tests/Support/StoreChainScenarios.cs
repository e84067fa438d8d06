using System.Text;
using Responses.Server.Storage;

namespace Responses.Tests.Support;

/// <summary>
/// What every backend promises of chains: a response that continues a stored one keeps only its own items and
/// points at it (<see cref="StoredResponse.ParentId"/>), a chain reads back whole and oldest first, and deleting a
/// response never takes items from a response that continues it. Scenarios any backend's tests run on a fresh store
/// (the unit tests on memory and SQLite, the integration tests on PostgreSQL). Each turn's input is one item
/// "in_{id}" and its output one item "out_{id}", so a chain's items name the turns they came from.
/// </summary>
public static class StoreChainScenarios
{
    /// <summary>A chain of turns, each continuing the one before: ids "{prefix}0".."{prefix}{turns-1}".</summary>
    public static async Task<string[]> SaveChainAsync(IResponseStore store, string prefix, int turns, long createdAt, string? owner = null)
    {
        var ids = Enumerable.Range(0, turns).Select(turn => $"{prefix}{turn}").ToArray();
        for (var turn = 0; turn < turns; turn++)
        {
            // A second apart, oldest first, as a real chain is: eviction by count takes the oldest turns.
            Assert.True(await store.SaveAsync(Turn(ids[turn], turn == 0 ? null : ids[turn - 1], createdAt + turn, owner), CancellationToken.None));
        }

        return ids;
    }

    public static StoredResponse Turn(string id, string? parent, long createdAt, string? owner = null, string status = "completed") => new(
        id,
        Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","object":"response","status":"{{status}}","created_at":{{createdAt}}}"""),
        Encoding.UTF8.GetBytes($$"""[{"id":"in_{{id}}","type":"message","role":"user","content":"é {{id}}"}]"""),
        Encoding.UTF8.GetBytes($$"""[{"id":"out_{{id}}","type":"message","role":"assistant","content":[]}]"""),
        createdAt,
        owner,
        parent);

    /// <summary>The item ids a chain holds, oldest first: each earlier turn's input and output, then the response's own.</summary>
    public static List<string> ItemIds(StoredChain chain)
    {
        var ids = new List<string>();
        foreach (var earlier in chain.Earlier)
        {
            ids.AddRange(Ids(earlier.InputItemsJson));
            ids.AddRange(Ids(earlier.OutputItemsJson));
        }

        ids.AddRange(Ids(chain.Response.InputItemsJson));
        ids.AddRange(Ids(chain.Response.OutputItemsJson));
        return ids;
    }

    /// <summary>The items of turns <paramref name="ids"/>, in order.</summary>
    public static List<string> ItemsOf(IEnumerable<string> ids) => ids.SelectMany(id => new[] { $"in_{id}", $"out_{id}" }).ToList();

    public static async Task A_chain_reads_back_whole_oldest_first(IResponseStore store, long now)
    {
        var ids = await SaveChainAsync(store, "resp_c", 5, now);

        var chain = await store.FindChainAsync(ids[^1], CancellationToken.None);

        Assert.NotNull(chain);
        StoredResponseAssert.Same(Turn(ids[^1], ids[^2], now + 4), chain.Response);
        Assert.Equal(ItemsOf(ids), ItemIds(chain));
        // A middle turn reads its own chain, not its descendants'.
        Assert.Equal(ItemsOf(ids[..3]), ItemIds((await store.FindChainAsync(ids[2], CancellationToken.None))!));
        StoredResponseAssert.Same(Turn(ids[2], ids[1], now + 2), await store.FindAsync(ids[2], CancellationToken.None));
        Assert.Empty((await store.FindChainAsync(ids[0], CancellationToken.None))!.Earlier);
        Assert.Null(await store.FindChainAsync("resp_never", CancellationToken.None));
    }

    public static async Task Deleting_a_middle_response_keeps_the_chains_that_continue_it(IResponseStore store, long now)
    {
        var ids = await SaveChainAsync(store, "resp_m", 4, now);

        Assert.True(await store.DeleteAsync(ids[1], CancellationToken.None));

        // Gone for itself: not found, not deleted twice, not continued.
        Assert.Null(await store.FindAsync(ids[1], CancellationToken.None));
        Assert.Null(await store.FindChainAsync(ids[1], CancellationToken.None));
        Assert.False(await store.DeleteAsync(ids[1], CancellationToken.None));
        // Its items are still the tip's, and a new turn continues the tip as before.
        Assert.Equal(ItemsOf(ids), ItemIds((await store.FindChainAsync(ids[^1], CancellationToken.None))!));
        Assert.True(await store.SaveAsync(Turn("resp_m4", ids[^1], now + 4), CancellationToken.None));
        Assert.Equal(ItemsOf([.. ids, "resp_m4"]), ItemIds((await store.FindChainAsync("resp_m4", CancellationToken.None))!));
        Assert.Equal(ItemsOf(ids[..3]), ItemIds((await store.FindChainAsync(ids[2], CancellationToken.None))!));
    }

    public static async Task Deleting_every_turn_lets_the_chain_go_whatever_the_order(IResponseStore store, long now)
    {
        var ids = await SaveChainAsync(store, "resp_d", 5, now);

        foreach (var id in new[] { ids[2], ids[0], ids[4], ids[1] })
        {
            Assert.True(await store.DeleteAsync(id, CancellationToken.None));
        }

        // Only the one still live keeps its ancestors (and a continuation of a deleted one that is kept works too).
        Assert.Equal(ItemsOf(ids[..4]), ItemIds((await store.FindChainAsync(ids[3], CancellationToken.None))!));
        Assert.True(await store.SaveAsync(Turn("resp_late", ids[2], now + 9), CancellationToken.None));
        Assert.Equal(ItemsOf([.. ids[..3], "resp_late"]), ItemIds((await store.FindChainAsync("resp_late", CancellationToken.None))!));

        Assert.True(await store.DeleteAsync(ids[3], CancellationToken.None));
        Assert.True(await store.DeleteAsync("resp_late", CancellationToken.None));

        // Nothing continues them now: they are gone, so nothing can be saved under any of them.
        foreach (var id in ids.Append("resp_late"))
        {
            Assert.False(await store.SaveAsync(Turn($"{id}_next", id, now + 10), CancellationToken.None));
            Assert.Null(await store.FindAsync($"{id}_next", CancellationToken.None));
        }
    }

    public static async Task A_fork_keeps_the_shared_turns_until_both_branches_go(IResponseStore store, long now)
    {
        var trunk = await SaveChainAsync(store, "resp_t", 2, now);
        Assert.True(await store.SaveAsync(Turn("resp_left", trunk[1], now + 2), CancellationToken.None));
        Assert.True(await store.SaveAsync(Turn("resp_right", trunk[1], now + 2), CancellationToken.None));
        Assert.True(await store.DeleteAsync(trunk[1], CancellationToken.None));
        Assert.True(await store.DeleteAsync(trunk[0], CancellationToken.None));

        Assert.True(await store.DeleteAsync("resp_left", CancellationToken.None));

        Assert.Equal(ItemsOf([.. trunk, "resp_right"]), ItemIds((await store.FindChainAsync("resp_right", CancellationToken.None))!));
        Assert.True(await store.DeleteAsync("resp_right", CancellationToken.None));
        Assert.False(await store.SaveAsync(Turn("resp_after", trunk[1], now + 3), CancellationToken.None));
        Assert.False(await store.SaveAsync(Turn("resp_after", trunk[0], now + 3), CancellationToken.None));
    }

    public static async Task A_parent_that_is_not_there_or_not_the_owners_is_refused_and_nothing_saved(IResponseStore store, long now)
    {
        Assert.True(await store.SaveAsync(Turn("resp_a", null, now, owner: "key_a"), CancellationToken.None));

        Assert.False(await store.SaveAsync(Turn("resp_x", "resp_never", now), CancellationToken.None));
        Assert.False(await store.SaveAsync(Turn("resp_y", "resp_a", now, owner: "key_b"), CancellationToken.None));
        Assert.False(await store.SaveAsync(Turn("resp_z", "resp_a", now), CancellationToken.None));
        Assert.False(await store.SaveAsync(Turn("resp_a", "resp_a", now, owner: "key_a"), CancellationToken.None));

        foreach (var id in new[] { "resp_x", "resp_y", "resp_z" })
        {
            Assert.Null(await store.FindAsync(id, CancellationToken.None));
        }

        StoredResponseAssert.Same(Turn("resp_a", null, now, owner: "key_a"), await store.FindAsync("resp_a", CancellationToken.None));
        Assert.True(await store.SaveAsync(Turn("resp_b", "resp_a", now, owner: "key_a"), CancellationToken.None));
    }

    public static async Task A_response_saved_again_keeps_its_place_in_the_chain(IResponseStore store, long now)
    {
        // A background response: stored queued, then replaced when it finishes; then continued.
        var ids = await SaveChainAsync(store, "resp_b", 2, now);
        Assert.True(await store.SaveAsync(Turn("resp_bg", ids[1], now + 2, status: "queued"), CancellationToken.None));
        Assert.True(await store.SaveAsync(Turn("resp_bg", ids[1], now + 2), CancellationToken.None));
        Assert.True(await store.SaveAsync(Turn("resp_next", "resp_bg", now + 3), CancellationToken.None));

        StoredResponseAssert.Same(Turn("resp_bg", ids[1], now + 2), await store.FindAsync("resp_bg", CancellationToken.None));
        Assert.Equal(ItemsOf([.. ids, "resp_bg", "resp_next"]), ItemIds((await store.FindChainAsync("resp_next", CancellationToken.None))!));

        // One that others continue cannot move to another chain (its continuations' chains would change, or loop).
        Assert.False(await store.SaveAsync(Turn("resp_bg", ids[0], now + 2), CancellationToken.None));
        Assert.False(await store.SaveAsync(Turn("resp_bg", null, now + 2), CancellationToken.None));
        Assert.False(await store.SaveAsync(Turn(ids[0], "resp_next", now), CancellationToken.None));
        Assert.Equal(ItemsOf([.. ids, "resp_bg", "resp_next"]), ItemIds((await store.FindChainAsync("resp_next", CancellationToken.None))!));
        // One that none continues may.
        Assert.True(await store.SaveAsync(Turn("resp_next", ids[0], now + 3), CancellationToken.None));
        Assert.Equal(ItemsOf([ids[0], "resp_next"]), ItemIds((await store.FindChainAsync("resp_next", CancellationToken.None))!));
    }

    private static IEnumerable<string> Ids(ReadOnlyMemory<byte> itemsJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(itemsJson);
        return document.RootElement.EnumerateArray().Select(item => item.GetProperty("id").GetString()!).ToList();
    }
}
