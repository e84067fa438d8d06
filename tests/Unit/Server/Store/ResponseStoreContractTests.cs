using System.Text;
using Responses.Server.Runs;
using Responses.Server.Storage;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Server.Store;

/// <summary>
/// What every IResponseStore backend promises, as one suite: derive it per backend (xunit builds the class once per
/// test, so <see cref="Store"/> is fresh for each). The chain scenarios are <see cref="StoreChainScenarios"/>, which
/// the PostgreSQL integration tests run too.
/// </summary>
public abstract class ResponseStoreContractTests
{
    protected abstract IResponseStore Store { get; }

    /// <summary>Unix seconds the samples are created at: "now" on the backend's clock, so none is evicted for age.</summary>
    protected virtual long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Fact]
    public async Task A_saved_response_is_found_byte_for_byte()
    {
        var saved = Sample("resp_1", "héllo \"wörld\" \u2028 \U0001F600") with { Owner = "key_1" };

        await Store.SaveAsync(saved, CancellationToken.None);
        var found = await Store.FindAsync("resp_1", CancellationToken.None);

        AssertSame(saved, found);
    }

    [Fact]
    public async Task Bytes_that_are_not_text_survive_too()
    {
        var everyByte = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        var saved = new StoredResponse("resp_bytes", everyByte, everyByte.Reverse().ToArray(), Array.Empty<byte>(), Now);

        await Store.SaveAsync(saved, CancellationToken.None);

        AssertSame(saved, await Store.FindAsync("resp_bytes", CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_id_is_null()
    {
        Assert.Null(await Store.FindAsync("resp_never", CancellationToken.None));
    }

    [Fact]
    public async Task Delete_removes_once_and_then_says_there_was_none()
    {
        await Store.SaveAsync(Sample("resp_1", "a"), CancellationToken.None);

        Assert.True(await Store.DeleteAsync("resp_1", CancellationToken.None));
        Assert.False(await Store.DeleteAsync("resp_1", CancellationToken.None));
        Assert.False(await Store.DeleteAsync("resp_never", CancellationToken.None));
        Assert.Null(await Store.FindAsync("resp_1", CancellationToken.None));
    }

    [Fact]
    public async Task A_save_of_an_existing_id_replaces_it()
    {
        await Store.SaveAsync(Sample("resp_1", "first"), CancellationToken.None);
        var second = Sample("resp_1", "second, longer than the first");

        await Store.SaveAsync(second, CancellationToken.None);

        AssertSame(second, await Store.FindAsync("resp_1", CancellationToken.None));
    }

    [Fact]
    public async Task A_deleted_id_can_be_saved_again()
    {
        await Store.SaveAsync(Sample("resp_1", "first"), CancellationToken.None);
        await Store.DeleteAsync("resp_1", CancellationToken.None);
        var again = Sample("resp_1", "again");

        await Store.SaveAsync(again, CancellationToken.None);

        AssertSame(again, await Store.FindAsync("resp_1", CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_creates_finds_and_deletes_lose_nothing_and_mix_nothing_up()
    {
        const int Count = 100;
        var doomed = Enumerable.Range(0, Count).Where(i => i % 3 == 2).Select(i => Sample($"resp_old_{i}", $"old {i}")).ToList();
        foreach (var response in doomed)
        {
            await Store.SaveAsync(response, CancellationToken.None);
        }

        var created = new StoredResponse?[Count];
        await Task.WhenAll(Enumerable.Range(0, Count).Select(i => Task.Run(async () =>
        {
            switch (i % 3)
            {
                case 0 or 1:
                    var response = Sample($"resp_{i}", $"response {i} " + new string((char)('a' + (i % 26)), i * 10));
                    await Store.SaveAsync(response, CancellationToken.None);
                    created[i] = response;
                    // Read back at once, while others write: a store that mixes rows up shows it here.
                    AssertSame(response, await Store.FindAsync(response.Id, CancellationToken.None));
                    break;
                default:
                    Assert.True(await Store.DeleteAsync($"resp_old_{i}", CancellationToken.None));
                    Assert.Null(await Store.FindAsync($"resp_old_{i}", CancellationToken.None));
                    break;
            }
        })));

        foreach (var response in created.OfType<StoredResponse>())
        {
            AssertSame(response, await Store.FindAsync(response.Id, CancellationToken.None));
        }

        Assert.Equal(Count - doomed.Count, created.Count(r => r is not null));
        foreach (var response in doomed)
        {
            Assert.Null(await Store.FindAsync(response.Id, CancellationToken.None));
        }
    }

    [Fact]
    public Task A_chain_reads_back_whole_oldest_first() => StoreChainScenarios.A_chain_reads_back_whole_oldest_first(Store, Now);

    [Fact]
    public Task Deleting_a_middle_response_keeps_the_chains_that_continue_it() =>
        StoreChainScenarios.Deleting_a_middle_response_keeps_the_chains_that_continue_it(Store, Now);

    [Fact]
    public Task Deleting_every_turn_lets_the_chain_go_whatever_the_order() =>
        StoreChainScenarios.Deleting_every_turn_lets_the_chain_go_whatever_the_order(Store, Now);

    [Fact]
    public Task A_fork_keeps_the_shared_turns_until_both_branches_go() =>
        StoreChainScenarios.A_fork_keeps_the_shared_turns_until_both_branches_go(Store, Now);

    [Fact]
    public Task A_parent_that_is_not_there_or_not_the_owners_is_refused_and_nothing_saved() =>
        StoreChainScenarios.A_parent_that_is_not_there_or_not_the_owners_is_refused_and_nothing_saved(Store, Now);

    [Fact]
    public Task A_response_saved_again_keeps_its_place_in_the_chain() =>
        StoreChainScenarios.A_response_saved_again_keeps_its_place_in_the_chain(Store, Now);

    protected StoredResponse Sample(string id, string text, long? createdAt = null) => new(
        id,
        Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","object":"response","text":"{{text}}"}"""),
        Encoding.UTF8.GetBytes($$"""[{"id":"msg_in_{{id}}","type":"message","role":"user","content":"{{text}}"}]"""),
        Encoding.UTF8.GetBytes($$"""[{"id":"msg_out_{{id}}","type":"message","role":"assistant","content":[]}]"""),
        createdAt ?? Now);

    protected static void AssertSame(StoredResponse expected, StoredResponse? actual) => StoredResponseAssert.Same(expected, actual);
}
