using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Responses.Server.Errors;
using Responses.Server.Storage;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Operations;

/// <summary>/health says the process serves; /ready says whether it can do the work, and what is missing when not.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task A_loaded_server_with_its_store_is_alive_and_ready()
    {
        using var factory = new ResponsesServerFactory();
        using var client = factory.CreateClient();

        var (healthStatus, health) = await GetAsync(client, "/health");
        var (readyStatus, ready) = await GetAsync(client, "/ready");

        Assert.Equal(HttpStatusCode.OK, healthStatus);
        Assert.Equal("healthy", (string?)health["status"]);
        Assert.Equal(HttpStatusCode.OK, readyStatus);
        Assert.Equal("healthy", (string?)ready["status"]);
        foreach (var check in new[] { "models", "store", "scheduler" })
        {
            Assert.Equal("healthy", (string?)ready["checks"]![check]!["status"]);
        }

        // What the model does, decided at load, so a user can tell why a follow-up is not cached or requests do not batch
        // (the embedded models are tiny: one thread a run, and as many runs at once as there are cores).
        var runs = Environment.ProcessorCount > 1 ? $" per run, {Environment.ProcessorCount} runs at once" : "";
        Assert.Equal(
            $"loaded: {Api.Model} (prompt cache on, chunked prefill on, batching on, 1 thread(s){runs}); "
            + $"responses-tiny-vision (prompt cache on, chunked prefill on, batching on, 1 thread(s){runs})",
            (string?)ready["checks"]!["models"]!["description"]);
    }

    [Fact]
    public async Task A_store_that_is_down_makes_the_server_not_ready_but_still_alive()
    {
        using var factory = new ResponsesServerFactory
        {
            ConfigureTestServices = services =>
            {
                services.RemoveAll<IResponseStore>();
                services.AddSingleton<IResponseStore>(new UnavailableStore());
            },
        };
        using var client = factory.CreateClient();

        var (healthStatus, _) = await GetAsync(client, "/health");
        var (readyStatus, ready) = await GetAsync(client, "/ready");

        Assert.Equal(HttpStatusCode.OK, healthStatus);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
        Assert.Equal("unhealthy", (string?)ready["status"]);
        Assert.Equal("unhealthy", (string?)ready["checks"]!["store"]!["status"]);
        Assert.Contains("unavailable", (string?)ready["checks"]!["store"]!["description"], StringComparison.Ordinal);
        Assert.Equal("healthy", (string?)ready["checks"]!["models"]!["status"]);
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>A store whose circuit is open: known to be down, so nothing reaches it.</summary>
    private sealed class UnavailableStore : IResponseStore
    {
        public bool IsAvailable => false;

        public Task<bool> SaveAsync(StoredResponse response, CancellationToken cancellationToken) => throw Down();

        public Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken) => throw Down();

        public Task<StoredChain?> FindChainAsync(string id, CancellationToken cancellationToken) => throw Down();

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => throw Down();

        private static StoreUnavailableException Down() => new("circuit open");
    }
}
