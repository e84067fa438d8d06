using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Responses.Server.Errors;
using Responses.Server.Storage;
using Responses.Server.Storage.Sqlite;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Server.Store;

public sealed class SqliteResponseStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempStoreFolder folder = new();
    private readonly FakeTimeProvider clock = new(Start);

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_new_store_on_the_same_file_sees_everything()
    {
        using (var first = Open())
        {
            for (var i = 0; i < 10; i++)
            {
                await first.SaveAsync(Sample($"resp_{i}", Start), CancellationToken.None);
            }

            await first.DeleteAsync("resp_3", CancellationToken.None);
        }

        using var second = Open();
        for (var i = 0; i < 10; i++)
        {
            var found = await second.FindAsync($"resp_{i}", CancellationToken.None);
            Assert.Equal(i != 3, found is not null);
        }
    }

    [Fact]
    public async Task The_file_is_created_in_missing_folders_in_WAL_mode()
    {
        var path = Path.Combine(folder.Root, "a", "b", "responses.db");
        using (var store = new SqliteResponseStore(path, new StoreOptions(), clock))
        {
            await store.SaveAsync(Sample("resp_1", Start), CancellationToken.None);
        }

        Assert.Equal("wal", Scalar(path, "PRAGMA journal_mode;"));
        Assert.Equal((long)SqliteSchema.Version, Scalar(path, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task Beyond_MaxResponses_the_oldest_are_evicted()
    {
        using var store = Open(new StoreOptions { MaxResponses = 3 });
        for (var i = 0; i < 5; i++)
        {
            // Saved newest-first for two of them: eviction goes by created_at, not by the order of saves.
            var createdAt = i < 2 ? Start.AddSeconds(10 - i) : Start.AddSeconds(i - 2);
            await store.SaveAsync(Sample($"resp_{i}", createdAt), CancellationToken.None);
        }

        // created_at: resp_2 = +0, resp_3 = +1, resp_4 = +2, resp_1 = +9, resp_0 = +10.
        Assert.Null(await store.FindAsync("resp_2", CancellationToken.None));
        Assert.Null(await store.FindAsync("resp_3", CancellationToken.None));
        foreach (var id in new[] { "resp_4", "resp_1", "resp_0" })
        {
            Assert.NotNull(await store.FindAsync(id, CancellationToken.None));
        }

        Assert.Equal(3L, Scalar(folder.File(), "SELECT count(*) FROM responses;"));
        Assert.Equal(3L, Scalar(folder.File(), "SELECT n FROM response_count;"));
    }

    [Fact]
    public async Task Replacing_and_deleting_keep_the_count_exact()
    {
        using var store = Open(new StoreOptions { MaxResponses = 2 });
        await store.SaveAsync(Sample("resp_a", Start), CancellationToken.None);
        await store.SaveAsync(Sample("resp_a", Start.AddSeconds(1)), CancellationToken.None);
        await store.SaveAsync(Sample("resp_b", Start.AddSeconds(2)), CancellationToken.None);

        // Two rows, not three: a replaced id is counted once, so nothing was evicted.
        Assert.NotNull(await store.FindAsync("resp_a", CancellationToken.None));
        Assert.True(await store.DeleteAsync("resp_a", CancellationToken.None));
        await store.SaveAsync(Sample("resp_c", Start.AddSeconds(3)), CancellationToken.None);
        Assert.NotNull(await store.FindAsync("resp_b", CancellationToken.None));
        Assert.Equal(2L, Scalar(folder.File(), "SELECT n FROM response_count;"));
    }

    [Fact]
    public async Task Responses_older_than_MaxAgeDays_are_gone_at_once_and_evicted_at_the_next_save()
    {
        using var store = Open(new StoreOptions { MaxAgeDays = 1 });
        await store.SaveAsync(Sample("resp_old", Start), CancellationToken.None);

        clock.Advance(TimeSpan.FromHours(23));
        Assert.NotNull(await store.FindAsync("resp_old", CancellationToken.None));

        clock.Advance(TimeSpan.FromHours(2));
        Assert.Null(await store.FindAsync("resp_old", CancellationToken.None));
        Assert.False(await store.DeleteAsync("resp_old", CancellationToken.None));

        await store.SaveAsync(Sample("resp_new", clock.GetUtcNow()), CancellationToken.None);
        Assert.Equal(1L, Scalar(folder.File(), "SELECT count(*) FROM responses;"));
    }

    [Fact]
    public async Task A_folder_that_cannot_be_created_is_an_outage_naming_the_file()
    {
        // Root ignores permission bits, so unwritability is a regular file where the store's folder must be:
        // creating the folder fails for every user.
        Directory.CreateDirectory(folder.Root);
        var blocker = folder.File("not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        var path = Path.Combine(blocker, "responses.db");
        using var store = new SqliteResponseStore(path, new StoreOptions(), clock);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.SaveAsync(Sample("resp_1", Start), CancellationToken.None));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("SQLite", error.Message, StringComparison.Ordinal);

        // It recovers by itself once the path can be made: the folder is created on the next call.
        File.Delete(blocker);
        await store.SaveAsync(Sample("resp_1", Start), CancellationToken.None);
        Assert.NotNull(await store.FindAsync("resp_1", CancellationToken.None));
    }

    [Fact]
    public async Task A_folder_where_the_file_should_be_is_an_outage()
    {
        Directory.CreateDirectory(folder.File());
        using var store = Open();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FindAsync("resp_1", CancellationToken.None));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_an_outage()
    {
        Directory.CreateDirectory(folder.Root);
        await File.WriteAllTextAsync(folder.File(), new string('x', 4096));
        using var store = Open();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.SaveAsync(Sample("resp_1", Start), CancellationToken.None));
    }

    [Fact]
    public async Task Turns_evicted_by_count_stay_for_the_tip_uncounted_and_go_with_it()
    {
        using var store = Open(new StoreOptions { MaxResponses = 2 });
        var ids = await StoreChainScenarios.SaveChainAsync(store, "resp_", 5, Start.ToUnixTimeSeconds());

        Assert.Null(await store.FindAsync(ids[2], CancellationToken.None));
        Assert.Equal(StoreChainScenarios.ItemsOf(ids), StoreChainScenarios.ItemIds((await store.FindChainAsync(ids[4], CancellationToken.None))!));
        Assert.Equal(2L, Scalar(folder.File(), "SELECT n FROM response_count;"));
        Assert.Equal(3L, Scalar(folder.File(), "SELECT count(*) FROM responses WHERE deleted = 1 AND length(response_json) = 0;"));

        Assert.True(await store.DeleteAsync(ids[4], CancellationToken.None));
        Assert.True(await store.DeleteAsync(ids[3], CancellationToken.None));

        Assert.Equal(0L, Scalar(folder.File(), "SELECT count(*) FROM responses;"));
        Assert.Equal(0L, Scalar(folder.File(), "SELECT n FROM response_count;"));
    }

    [Fact]
    public async Task A_turn_past_MaxAgeDays_stays_for_a_younger_tip_and_a_chain_all_past_it_goes()
    {
        using var store = Open(new StoreOptions { MaxAgeDays = 1 });
        await store.SaveAsync(StoreChainScenarios.Turn("resp_old", null, Start.ToUnixTimeSeconds()), CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(20));
        await store.SaveAsync(StoreChainScenarios.Turn("resp_young", "resp_old", clock.GetUtcNow().ToUnixTimeSeconds()), CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(5));

        await store.SaveAsync(Sample("resp_other", clock.GetUtcNow()), CancellationToken.None);

        Assert.Null(await store.FindAsync("resp_old", CancellationToken.None));
        Assert.Equal(StoreChainScenarios.ItemsOf(["resp_old", "resp_young"]), StoreChainScenarios.ItemIds((await store.FindChainAsync("resp_young", CancellationToken.None))!));
        Assert.Equal(3L, Scalar(folder.File(), "SELECT count(*) FROM responses;"));

        clock.Advance(TimeSpan.FromHours(20));
        await store.SaveAsync(Sample("resp_later", clock.GetUtcNow()), CancellationToken.None);

        Assert.Null(await store.FindChainAsync("resp_young", CancellationToken.None));
        Assert.Equal(0L, Scalar(folder.File(), "SELECT count(*) FROM responses WHERE id IN ('resp_old', 'resp_young');"));
    }

    [Fact]
    public async Task A_file_of_schema_version_1_keeps_its_whole_chain_rows_and_continues_them()
    {
        // A response that continued another, holding the whole chain, as version 1 kept it.
        var path = folder.File();
        Directory.CreateDirectory(folder.Root);
        SqliteVersion1File.Write(path, new StoredResponse(
            "resp_v1",
            Encoding.UTF8.GetBytes("""{"id":"resp_v1","status":"completed"}"""),
            Encoding.UTF8.GetBytes("""[{"id":"in_resp_first"},{"id":"out_resp_first"},{"id":"in_resp_v1"}]"""),
            Encoding.UTF8.GetBytes("""[{"id":"out_resp_v1"}]"""),
            Start.ToUnixTimeSeconds(),
            "key_1"));

        using var store = Open();
        var next = StoreChainScenarios.Turn("resp_v2", "resp_v1", Start.ToUnixTimeSeconds() + 1, owner: "key_1");
        Assert.True(await store.SaveAsync(next, CancellationToken.None));

        var chain = await store.FindChainAsync("resp_v2", CancellationToken.None);
        Assert.Equal(
            ["in_resp_first", "out_resp_first", "in_resp_v1", "out_resp_v1", "in_resp_v2", "out_resp_v2"],
            StoreChainScenarios.ItemIds(chain!));
        Assert.Equal((long)SqliteSchema.Version, Scalar(path, "PRAGMA user_version;"));
        Assert.Equal(2L, Scalar(path, "SELECT n FROM response_count;"));
        // Deleted, the old row stays for the new one's chain, as any parent does.
        Assert.True(await store.DeleteAsync("resp_v1", CancellationToken.None));
        Assert.Equal(6, StoreChainScenarios.ItemIds((await store.FindChainAsync("resp_v2", CancellationToken.None))!).Count);
    }

    private SqliteResponseStore Open(StoreOptions? options = null) => new(folder.File(), options ?? new StoreOptions(), clock);

    private static StoredResponse Sample(string id, DateTimeOffset createdAt) => new(
        id,
        Encoding.UTF8.GetBytes($$"""{"id":"{{id}}"}"""),
        "[]"u8.ToArray(),
        "[]"u8.ToArray(),
        createdAt.ToUnixTimeSeconds());

    private static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
