using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Responses.Server.Host.Auth;
using Responses.Server.Storage;
using Responses.Tests.Integration.Stored;

namespace Responses.Tests.Integration.Security;

/// <summary>With keys configured: 401 without a valid one on /v1, operations and the spec open, one key's responses invisible to another.</summary>
public sealed class ApiKeyTests(ApiKeyServer server) : IClassFixture<ApiKeyServer>
{
    [Theory]
    [InlineData("GET", "/v1/models")]
    [InlineData("POST", "/v1/responses")]
    [InlineData("GET", "/v1/responses/resp_x")]
    [InlineData("DELETE", "/v1/responses/resp_x")]
    [InlineData("GET", "/v1/responses/resp_x/input_items")]
    [InlineData("POST", "/v1/chat/completions")]
    [InlineData("GET", "/v1/no-such-path")]
    public async Task A_request_without_a_key_is_401_in_the_envelope(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Api.Json(Stored.Stored.Body("hi")) : null };
        using var response = await server.Anonymous.SendAsync(request);

        var error = await Api.AssertErrorAsync(response, HttpStatusCode.Unauthorized, code: null, param: null);
        Assert.Contains("Authorization: Bearer", (string)error["message"]!, StringComparison.Ordinal);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("Bearer sk-wrong")]
    [InlineData("Bearer " + ApiKeyServer.KeyA + "x")]
    [InlineData("Bearer sk-test-alpha-012345678")]
    [InlineData("Basic c2stdGVzdA==")]
    [InlineData("Bearer ")]
    [InlineData(ApiKeyServer.KeyA)]
    public async Task A_wrong_key_or_scheme_is_401_and_the_key_is_not_echoed(string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await server.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("sk-", text, StringComparison.Ordinal);
        var code = (string?)JsonNode.Parse(text)!["error"]!["code"];
        Assert.True(code is null or "invalid_api_key", text);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/ready")]
    [InlineData("/metrics")]
    [InlineData("/openapi.yaml")]
    [InlineData("/openapi.json")]
    [InlineData("/docs")]
    public async Task Operations_and_the_spec_stay_open(string path)
    {
        using var response = await server.Anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Each_key_is_served()
    {
        foreach (var client in new[] { server.A, server.B })
        {
            using var response = await client.GetAsync("/v1/models");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Another_keys_response_is_404_everywhere_exactly_as_one_that_never_existed()
    {
        var created = await Create(server.A, Stored.Stored.Body("kept for A"));
        var id = (string)created["id"]!;
        const string absent = "resp_0000000000000000000000000000absent";

        foreach (var path in new[] { $"/v1/responses/{id}", $"/v1/responses/{id}/input_items" })
        {
            using var other = await server.B.GetAsync(path);
            using var never = await server.B.GetAsync(path.Replace(id, absent, StringComparison.Ordinal));
            await Api.AssertErrorAsync(other, HttpStatusCode.NotFound, null, "response_id");
            Assert.Equal(
                (await never.Content.ReadAsStringAsync()).Replace(absent, id, StringComparison.Ordinal),
                await other.Content.ReadAsStringAsync());
        }

        using (var continued = await server.B.PostResponseAsync(Stored.Stored.Body("go on", Stored.Stored.After(id))))
        {
            await Api.AssertErrorAsync(continued, HttpStatusCode.NotFound, "previous_response_not_found", "previous_response_id");
        }

        using (var deleted = await server.B.DeleteAsync($"/v1/responses/{id}"))
        {
            await Api.AssertErrorAsync(deleted, HttpStatusCode.NotFound, null, "response_id");
        }

        // The owner still has all of it: B's delete touched nothing, and the chain continues.
        using (var mine = await server.A.GetAsync($"/v1/responses/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        }

        Assert.NotEmpty(await Stored.Stored.AllInputItemsAsync(server.A, id));
        var next = await Create(server.A, Stored.Stored.Body("go on", Stored.Stored.After(id)));
        using (var deletedByOwner = await server.A.DeleteAsync($"/v1/responses/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, deletedByOwner.StatusCode);
        }

        Assert.Equal(id, (string?)next["previous_response_id"]);
    }

    [Fact]
    public async Task Another_keys_conversation_is_404_everywhere_exactly_as_one_that_never_existed()
    {
        using var created = await server.A.PostAsync("/v1/conversations", Api.Json("""{"items":[{"role":"user","content":"A's secret"}]}"""));
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
        const string absent = "conv_00000000000000000000000000000000absent";

        foreach (var (method, path, body) in new (HttpMethod, string, string?)[]
        {
            (HttpMethod.Get, $"/v1/conversations/{id}", null),
            (HttpMethod.Post, $"/v1/conversations/{id}", """{"metadata":{"x":"y"}}"""),
            (HttpMethod.Get, $"/v1/conversations/{id}/items", null),
            (HttpMethod.Post, $"/v1/conversations/{id}/items", """{"items":[{"role":"user","content":"B was here"}]}"""),
            (HttpMethod.Delete, $"/v1/conversations/{id}", null),
        })
        {
            using var other = await server.B.SendAsync(new HttpRequestMessage(method, path) { Content = body is null ? null : Api.Json(body) });
            using var never = await server.B.SendAsync(new HttpRequestMessage(method, path.Replace(id, absent, StringComparison.Ordinal)) { Content = body is null ? null : Api.Json(body) });
            await Api.AssertErrorAsync(other, HttpStatusCode.NotFound, null, "conversation_id");
            Assert.Equal(
                (await never.Content.ReadAsStringAsync()).Replace(absent, id, StringComparison.Ordinal),
                await other.Content.ReadAsStringAsync());
        }

        using (var continued = await server.B.PostResponseAsync(Stored.Stored.Body("go on", $$""","conversation":"{{id}}" """)))
        {
            await Api.AssertErrorAsync(continued, HttpStatusCode.NotFound, null, "conversation");
        }

        // The owner's conversation is untouched: one item, its metadata unchanged.
        using var items = await server.A.GetAsync($"/v1/conversations/{id}/items");
        Assert.Single(JsonNode.Parse(await items.Content.ReadAsStringAsync())!["data"]!.AsArray());
        using var mine = await server.A.GetAsync($"/v1/conversations/{id}");
        Assert.Equal("{}", JsonNode.Parse(await mine.Content.ReadAsStringAsync())!["metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task Another_keys_background_response_cannot_be_read_streamed_or_cancelled_and_finishes_for_its_owner()
    {
        var id = (string)(await Create(server.A, Background.Background.Body(maxOutputTokens: 2_000)))["id"]!;

        foreach (var path in new[] { $"/v1/responses/{id}", $"/v1/responses/{id}?stream=true&starting_after=0" })
        {
            using var other = await server.B.GetAsync(path);
            await Api.AssertErrorAsync(other, HttpStatusCode.NotFound, null, "response_id");
        }

        using (var cancelledByOther = await Background.Background.CancelAsync(server.B, id))
        {
            await Api.AssertErrorAsync(cancelledByOther, HttpStatusCode.NotFound, null, "response_id");
        }

        // The run outlived A's request, and still stored its final state as A's.
        var (_, final) = await Background.Background.PollAsync(server.A, id);
        Assert.Equal("incomplete", (string?)final["status"]);
        var stored = await server.Factory.Services.GetRequiredService<IResponseStore>().FindAsync(id, CancellationToken.None);
        Assert.Equal(ApiKeyRing.OwnerOf(ApiKeyServer.KeyA), stored!.Owner);
    }

    [Fact]
    public async Task A_WebSocket_needs_a_key_to_open_and_continues_only_its_own_keys_responses()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => WebSockets.ResponsesSocket.ConnectAsync(server.Factory));
        var id = (string)(await Create(server.A, Stored.Stored.Body("kept for A")))["id"]!;

        await using (var other = await WebSockets.ResponsesSocket.ConnectAsync(server.Factory, ApiKeyServer.KeyB))
        {
            await other.SendAsync(WebSockets.ResponsesSocket.Create(Stored.Stored.Body("go on", Stored.Stored.After(id))));
            var error = await other.ReceiveJsonAsync();
            Assert.Equal("error", (string?)error["type"]);
            Assert.Equal("previous_response_not_found", (string?)error["error"]!["code"]);
        }

        await using var owner = await WebSockets.ResponsesSocket.ConnectAsync(server.Factory, ApiKeyServer.KeyA);
        var next = await owner.CreateAsync(Stored.Stored.Body("go on", Stored.Stored.After(id)));
        Assert.Equal(id, (string?)next["previous_response_id"]);
        var stored = await server.Factory.Services.GetRequiredService<IResponseStore>().FindAsync((string)next["id"]!, CancellationToken.None);
        Assert.Equal(ApiKeyRing.OwnerOf(ApiKeyServer.KeyA), stored!.Owner);
    }

    [Fact]
    public async Task The_store_keeps_the_keys_hash_as_owner_never_the_key()
    {
        var id = (string)(await Create(server.B, Stored.Stored.Body("whose is it")))["id"]!;

        var stored = await server.Factory.Services.GetRequiredService<IResponseStore>().FindAsync(id, CancellationToken.None);

        Assert.Equal(ApiKeyRing.OwnerOf(ApiKeyServer.KeyB), stored!.Owner);
        Assert.StartsWith("sha256:", stored.Owner, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKeyServer.KeyB, stored.Owner, StringComparison.Ordinal);
    }

    private static async Task<JsonObject> Create(HttpClient client, string body)
    {
        using var response = await client.PostResponseAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
