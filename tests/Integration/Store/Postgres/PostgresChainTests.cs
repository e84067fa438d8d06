using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Responses.Server.Storage;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Store.Postgres;

/// <summary>
/// Chains on a real PostgreSQL: the contract's chain scenarios, eviction and deletion in the middle of a chain,
/// a table an earlier server created, and replicas that delete a response while another continues it.
/// </summary>
public sealed class PostgresChainTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [PostgresFact]
    public Task A_chain_reads_back_whole_oldest_first() => OnNewStore(StoreChainScenarios.A_chain_reads_back_whole_oldest_first);

    [PostgresFact]
    public Task Deleting_a_middle_response_keeps_the_chains_that_continue_it() =>
        OnNewStore(StoreChainScenarios.Deleting_a_middle_response_keeps_the_chains_that_continue_it);

    [PostgresFact]
    public Task Deleting_every_turn_lets_the_chain_go_whatever_the_order() =>
        OnNewStore(StoreChainScenarios.Deleting_every_turn_lets_the_chain_go_whatever_the_order);

    [PostgresFact]
    public Task A_fork_keeps_the_shared_turns_until_both_branches_go() =>
        OnNewStore(StoreChainScenarios.A_fork_keeps_the_shared_turns_until_both_branches_go);

    [PostgresFact]
    public Task A_parent_that_is_not_there_or_not_the_owners_is_refused_and_nothing_saved() =>
        OnNewStore(StoreChainScenarios.A_parent_that_is_not_there_or_not_the_owners_is_refused_and_nothing_saved);

    [PostgresFact]
    public Task A_response_saved_again_keeps_its_place_in_the_chain() =>
        OnNewStore(StoreChainScenarios.A_response_saved_again_keeps_its_place_in_the_chain);

    [PostgresFact]
    public async Task Turns_evicted_by_count_stay_for_the_tip_and_go_with_it()
    {
        var connectionString = await databases.CreateAsync();
        await using var store = PostgresDatabases.Store(connectionString, new StoreOptions { MaxResponses = 2 });
        var ids = await StoreChainScenarios.SaveChainAsync(store, "resp_", 5, Now - 100);

        Assert.Equal(3, await store.EvictAsync(CancellationToken.None));

        Assert.Null(await store.FindAsync(ids[2], CancellationToken.None));
        Assert.Equal(StoreChainScenarios.ItemsOf(ids), StoreChainScenarios.ItemIds((await store.FindChainAsync(ids[4], CancellationToken.None))!));
        Assert.Equal(5, await PostgresDatabases.CountRowsAsync(connectionString));
        Assert.True(await store.DeleteAsync(ids[4], CancellationToken.None));
        Assert.True(await store.DeleteAsync(ids[3], CancellationToken.None));
        Assert.Equal(0, await PostgresDatabases.CountRowsAsync(connectionString));
    }

    [PostgresFact]
    public async Task A_turn_past_the_age_bound_stays_for_a_younger_tip_and_goes_with_it()
    {
        var connectionString = await databases.CreateAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var store = PostgresDatabases.Store(connectionString, new StoreOptions { MaxAgeDays = 1 }, clock);
        await store.SaveAsync(StoreChainScenarios.Turn("resp_old", null, clock.GetUtcNow().ToUnixTimeSeconds()), CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(20));
        await store.SaveAsync(StoreChainScenarios.Turn("resp_young", "resp_old", clock.GetUtcNow().ToUnixTimeSeconds()), CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(5));

        Assert.Equal(1, await store.EvictAsync(CancellationToken.None));
        Assert.Null(await store.FindAsync("resp_old", CancellationToken.None));
        Assert.Equal(
            StoreChainScenarios.ItemsOf(["resp_old", "resp_young"]),
            StoreChainScenarios.ItemIds((await store.FindChainAsync("resp_young", CancellationToken.None))!));

        clock.Advance(TimeSpan.FromHours(20));
        Assert.Equal(1, await store.EvictAsync(CancellationToken.None));
        Assert.Equal(0, await PostgresDatabases.CountRowsAsync(connectionString));
    }

    [PostgresFact]
    public async Task A_table_an_earlier_server_created_keeps_its_whole_chain_rows_and_continues_them()
    {
        var connectionString = await databases.CreateAsync();
        await ExecuteAsync(connectionString, $$"""
            CREATE TABLE responses (
                id text PRIMARY KEY,
                response_json bytea NOT NULL,
                input_items_json bytea NOT NULL,
                output_items_json bytea NOT NULL,
                created_at bigint NOT NULL,
                owner text,
                size bigint NOT NULL);
            CREATE INDEX responses_created_at ON responses (created_at, id);
            INSERT INTO responses VALUES ('resp_v1', convert_to('{"id":"resp_v1","status":"completed"}', 'UTF8'),
                convert_to('[{"id":"in_resp_first"},{"id":"out_resp_first"},{"id":"in_resp_v1"}]', 'UTF8'),
                convert_to('[{"id":"out_resp_v1"}]', 'UTF8'), {{Now}}, 'key_1', 300);
            """);
        await using var store = PostgresDatabases.Store(connectionString);

        Assert.True(await store.SaveAsync(StoreChainScenarios.Turn("resp_v2", "resp_v1", Now, owner: "key_1"), CancellationToken.None));

        Assert.Equal(
            ["in_resp_first", "out_resp_first", "in_resp_v1", "out_resp_v1", "in_resp_v2", "out_resp_v2"],
            StoreChainScenarios.ItemIds((await store.FindChainAsync("resp_v2", CancellationToken.None))!));
        Assert.True(await store.DeleteAsync("resp_v1", CancellationToken.None));
        Assert.Equal(6, StoreChainScenarios.ItemIds((await store.FindChainAsync("resp_v2", CancellationToken.None))!).Count);
    }

    [PostgresFact]
    public async Task One_replica_deleting_responses_while_another_continues_them_never_breaks_a_chain()
    {
        var connectionString = await databases.CreateAsync();
        await using var a = PostgresDatabases.Store(connectionString);
        await using var b = PostgresDatabases.Store(connectionString);
        const int Pairs = 60;
        for (var i = 0; i < Pairs; i++)
        {
            await a.SaveAsync(StoreChainScenarios.Turn($"resp_p{i}", null, Now), CancellationToken.None);
        }

        var continued = new bool[Pairs];
        await Task.WhenAll(Enumerable.Range(0, Pairs).SelectMany(i => new[]
        {
            Task.Run(async () => Assert.True(await a.DeleteAsync($"resp_p{i}", CancellationToken.None))),
            Task.Run(async () => continued[i] = await b.SaveAsync(StoreChainScenarios.Turn($"resp_c{i}", $"resp_p{i}", Now), CancellationToken.None)),
        }));

        for (var i = 0; i < Pairs; i++)
        {
            // Refused: the caller saves it self-contained. Saved: its parent's items are there.
            var chain = await b.FindChainAsync($"resp_c{i}", CancellationToken.None);
            Assert.Equal(continued[i], chain is not null);
            if (chain is not null)
            {
                Assert.Equal(StoreChainScenarios.ItemsOf([$"resp_p{i}", $"resp_c{i}"]), StoreChainScenarios.ItemIds(chain));
            }
        }

        // Whatever the interleaving, a tombstone nothing continues is swept by the next pass at the latest.
        await a.EvictAsync(CancellationToken.None);
        Assert.Equal(continued.Count(saved => saved) * 2, await PostgresDatabases.CountRowsAsync(connectionString));
    }

    [PostgresFact]
    public async Task An_eviction_pass_sweeps_tombstones_a_failed_delete_left()
    {
        var connectionString = await databases.CreateAsync();
        await using var store = PostgresDatabases.Store(connectionString);
        var ids = await StoreChainScenarios.SaveChainAsync(store, "resp_", 3, Now);
        // As if the delete's sweep had failed after marking them (a dropped connection).
        await ExecuteAsync(connectionString, "UPDATE responses SET deleted = true");

        Assert.Equal(0, await store.EvictAsync(CancellationToken.None));

        Assert.Equal(0, await PostgresDatabases.CountRowsAsync(connectionString));
        Assert.Null(await store.FindChainAsync(ids[2], CancellationToken.None));
    }

    private async Task OnNewStore(Func<IResponseStore, long, Task> scenario)
    {
        await using var store = PostgresDatabases.Store(await databases.CreateAsync());
        await scenario(store, Now);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
