using System.Net;
using System.Text.Json.Nodes;
using Responses.Tests.Integration.Store.Postgres;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Stored;

/// <summary>
/// The shared store's database stops under a running server and comes back: meanwhile requests that need the store
/// are 503 (store_unavailable) and store:false ones are served; afterwards the same server stores, fetches and
/// continues again, with nothing acknowledged lost. On a cluster of the test's own.
/// </summary>
public sealed class PostgresOutageServerTests(ThrowawayPostgresCluster cluster) : IClassFixture<ThrowawayPostgresCluster>
{
    [PostgresFact]
    public async Task A_database_outage_is_503_store_false_is_served_and_the_server_recovers()
    {
        using var factory = StoreServers.Postgres(cluster.ConnectionString);
        using var client = factory.CreateClient();
        var before = (string)(await client.CreateAsync(Stored.Body("Before the outage.")))["id"]!;

        await cluster.StopAsync();
        try
        {
            using (var refused = await client.PostResponseAsync(Stored.Body("During.")))
                await Api.AssertErrorAsync(refused, HttpStatusCode.ServiceUnavailable, "store_unavailable", null, "server_error");
            using (var fetch = await client.GetAsync($"/v1/responses/{before}"))
                await Api.AssertErrorAsync(fetch, HttpStatusCode.ServiceUnavailable, "store_unavailable", null, "server_error");
            var unstored = await client.CreateAsync(Stored.Body("Just answer.", ""","store":false"""));
            Assert.NotNull(unstored["id"]);
        }
        finally
        {
            await cluster.StartAsync();
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        HttpStatusCode status;
        do
        {
            await Task.Delay(300);
            (status, _) = await Stored.GetAsync(client, $"/v1/responses/{before}");
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
        var after = await client.CreateAsync(Stored.Body("After.", Stored.After(before)));
        Assert.Equal(before, (string?)after["previous_response_id"]);
    }
}
