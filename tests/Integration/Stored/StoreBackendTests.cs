using System.Net;
using System.Text.Json.Nodes;
using Responses.Tests.Integration.Store.Postgres;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Stored;

/// <summary>
/// The store as a user runs it: SQLite across a server restart and through an outage, one PostgreSQL database shared
/// by two servers, and a burst of concurrent creates, chains and deletes on every backend.
/// </summary>
public sealed class StoreBackendTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    [Fact]
    public async Task A_response_on_SQLite_survives_a_restart_and_continues_on_the_new_server()
    {
        var folder = StoreServers.TempFolder();
        var path = Path.Combine(folder, "responses.db");
        try
        {
            string id;
            byte[] created;
            using (var first = StoreServers.Sqlite(path))
            using (var client = first.CreateClient())
            {
                using var response = await client.PostResponseAsync(Stored.Body("Remember this."));
                created = await response.Content.ReadAsByteArrayAsync();
                id = (string)JsonNode.Parse(created)!["id"]!;
            }

            using var second = StoreServers.Sqlite(path);
            using var again = second.CreateClient();
            var (status, body) = await Stored.GetAsync(again, $"/v1/responses/{id}");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(created, body);
            var chained = await again.CreateAsync(Stored.Body("And then?", Stored.After(id)));
            Assert.Equal(id, (string?)chained["previous_response_id"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_unwritable_SQLite_store_is_a_503_store_false_is_still_served_and_it_recovers()
    {
        var folder = StoreServers.TempFolder();
        // A file where the store's folder must go: no user, root included, can create the database under it.
        var blocker = Path.Combine(folder, "store");
        await File.WriteAllTextAsync(blocker, "not a folder");
        try
        {
            using var factory = StoreServers.Sqlite(Path.Combine(blocker, "responses.db"));
            using var client = factory.CreateClient();

            using (var refused = await client.PostResponseAsync(Stored.Body("Keep this.")))
                await Api.AssertErrorAsync(refused, HttpStatusCode.ServiceUnavailable, "store_unavailable", null, "server_error");
            var unstored = await client.CreateAsync(Stored.Body("Just answer.", ""","store":false"""));
            Assert.NotNull(unstored["id"]);

            File.Delete(blocker);
            var recovered = await RetryUntilOkAsync(client, Stored.Body("Keep this now."));
            var (status, _) = await Stored.GetAsync(client, $"/v1/responses/{(string)recovered["id"]!}");
            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [PostgresFact]
    public async Task A_chain_started_on_one_server_continues_and_is_fetched_on_another_sharing_PostgreSQL()
    {
        var database = await databases.CreateAsync();
        using var a = StoreServers.Postgres(database);
        using var b = StoreServers.Postgres(database);
        using var onA = a.CreateClient();
        using var onB = b.CreateClient();

        using var createdOnA = await onA.PostResponseAsync(Stored.Body("Start on A."));
        var createdBody = await createdOnA.Content.ReadAsByteArrayAsync();
        var first = (string)JsonNode.Parse(createdBody)!["id"]!;
        var second = await onB.CreateAsync(Stored.Body("Continue on B.", Stored.After(first)));

        var (status, fetched) = await Stored.GetAsync(onB, $"/v1/responses/{first}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(createdBody, fetched);
        var items = await Stored.AllInputItemsAsync(onA, (string)second["id"]!);
        Assert.Contains(items, item => item.ToJsonString().Contains("Start on A.", StringComparison.Ordinal));
        Assert.Contains(items, item => item.ToJsonString().Contains("Continue on B.", StringComparison.Ordinal));

        using var deleted = await onA.DeleteAsync($"/v1/responses/{first}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var gone = await onB.GetAsync($"/v1/responses/{first}");
        await Api.AssertErrorAsync(gone, HttpStatusCode.NotFound, null, "response_id");
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public Task Concurrent_creates_chains_and_deletes_lose_nothing_and_mix_nothing_up(string backend) =>
        RunConcurrentAsync(backend == "memory" ? StoreServers.Memory() : StoreServers.Default());

    [PostgresFact]
    public async Task Concurrent_creates_chains_and_deletes_lose_nothing_and_mix_nothing_up_on_PostgreSQL() =>
        await RunConcurrentAsync(StoreServers.Postgres(await databases.CreateAsync()));

    /// <summary>
    /// 40 creates, then 40 chains on them and 20 deletes of others, all at once (100 operations): every chain reads
    /// its own parent, every deleted response is gone, every other one is there with its own text.
    /// </summary>
    private static async Task RunConcurrentAsync(ResponsesServerFactory factory)
    {
        using var _ = factory;
        using var client = factory.CreateClient();
        var roots = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
            (string)(await client.CreateAsync(Stored.Body($"root {i}")))["id"]!));

        var chains = Enumerable.Range(0, 40).Select(async i =>
            (Parent: i, Id: (string)(await client.CreateAsync(Stored.Body($"chain {i}", Stored.After(roots[i]))))["id"]!));
        var extra = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
            (string)(await client.CreateAsync(Stored.Body($"doomed {i}")))["id"]!));
        var deletes = extra.Select(async id =>
        {
            using var response = await client.DeleteAsync($"/v1/responses/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        var chained = await Task.WhenAll(chains);
        await Task.WhenAll(deletes);

        foreach (var (parent, id) in chained)
        {
            var texts = string.Join('\n', (await Stored.AllInputItemsAsync(client, id)).Select(item => item.ToJsonString()));
            Assert.Contains($"root {parent}\"", texts, StringComparison.Ordinal);
            Assert.Contains($"chain {parent}\"", texts, StringComparison.Ordinal);
            Assert.DoesNotContain("doomed", texts, StringComparison.Ordinal);
        }

        foreach (var id in extra)
        {
            using var response = await client.GetAsync($"/v1/responses/{id}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        foreach (var id in roots)
        {
            using var response = await client.GetAsync($"/v1/responses/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    /// <summary>Posts until the store is back (the circuit's break must pass first); fails after 15 s.</summary>
    private static async Task<JsonObject> RetryUntilOkAsync(HttpClient client, string body)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            using var response = await client.PostResponseAsync(body);
            if (response.StatusCode == HttpStatusCode.OK)
                return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            Assert.True(DateTime.UtcNow < deadline, $"still {(int)response.StatusCode} after 15 s: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(200);
        }
    }
}
