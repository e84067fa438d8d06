using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Responses.Server.Errors;
using Responses.Server.Storage;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Stored;

/// <summary>A store that is down: 503 in the envelope where the store is needed, and store:false still served.</summary>
public sealed class StoreOutageTests
{
    private static ResponsesServerFactory Server(IResponseStore store) => new()
    {
        ConfigureTestServices = services =>
        {
            services.RemoveAll<IResponseStore>();
            services.AddSingleton(store);
        },
    };

    [Fact]
    public async Task A_store_known_to_be_down_refuses_before_any_work_but_store_false_is_served()
    {
        using var factory = Server(new DownStore(isAvailable: false));
        using var client = factory.CreateClient();

        using var stored = await client.PostResponseAsync(Stored.Body("Keep this."));
        await Api.AssertErrorAsync(stored, HttpStatusCode.ServiceUnavailable, "store_unavailable", null, "server_error");
        using var chained = await client.PostResponseAsync(Stored.Body("More.", ""","store":false""" + Stored.After("resp_x")));
        await Api.AssertErrorAsync(chained, HttpStatusCode.ServiceUnavailable, "store_unavailable", null, "server_error");
        using var fetched = await client.GetAsync("/v1/responses/resp_x");
        await Api.AssertErrorAsync(fetched, HttpStatusCode.ServiceUnavailable, "store_unavailable", null, "server_error");
        using var deleted = await client.DeleteAsync("/v1/responses/resp_x");
        await Api.AssertErrorAsync(deleted, HttpStatusCode.ServiceUnavailable, "store_unavailable", null, "server_error");

        var unstored = await client.CreateAsync(Stored.Body("Just answer.", ""","store":false"""));
        Assert.Equal("incomplete", (string?)unstored["status"]);
    }

    [Fact]
    public async Task A_save_that_fails_is_a_503_for_JSON_and_response_failed_for_a_stream()
    {
        using var factory = Server(new DownStore(isAvailable: true));
        using var client = factory.CreateClient();

        using var plain = await client.PostResponseAsync(Stored.Body("Keep this."));
        await Api.AssertErrorAsync(plain, HttpStatusCode.ServiceUnavailable, "store_unavailable", null, "server_error");

        using var streamed = await client.PostResponseAsync(Stored.Body("Keep this.", ""","stream":true"""));
        var frames = SseFrame.ParseAll(await streamed.Content.ReadAsStringAsync());
        Assert.Equal("response.failed", frames[^1].Event);
        Assert.DoesNotContain(frames, frame => frame.Event is "response.completed" or "response.incomplete");
        var error = frames[^1].Json["response"]!["error"]!;
        Assert.Equal("server_error", (string?)error["code"]);
        Assert.Contains("could not be stored", (string?)error["message"], StringComparison.Ordinal);
    }

    /// <summary>Every operation fails as a backend past its retries would.</summary>
    private sealed class DownStore(bool isAvailable) : IResponseStore
    {
        public bool IsAvailable => isAvailable;

        public Task<bool> SaveAsync(StoredResponse response, CancellationToken cancellationToken) => throw Down();

        public Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken) => throw Down();

        public Task<StoredChain?> FindChainAsync(string id, CancellationToken cancellationToken) => throw Down();

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => throw Down();

        private static StoreUnavailableException Down() => new("connection refused");
    }
}
