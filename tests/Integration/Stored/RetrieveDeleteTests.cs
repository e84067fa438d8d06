using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Stored;

/// <summary>GET and DELETE /v1/responses/{id}: the very bytes create returned, and 404s in the envelope.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class RetrieveDeleteTests(DefaultServer server)
{
    [Fact]
    public async Task GET_returns_the_bytes_create_returned()
    {
        using var created = await server.Client.PostResponseAsync(Stored.Body("Hello there."));
        var createBody = await created.Content.ReadAsByteArrayAsync();
        var id = (string)JsonNode.Parse(createBody)!["id"]!;

        using var fetched = await server.Client.GetAsync($"/v1/responses/{id}");

        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("application/json", fetched.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetString(createBody), Encoding.UTF8.GetString(await fetched.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task A_streamed_response_is_fetched_as_its_terminal_event_carried_it_and_can_be_continued()
    {
        using var streamed = await server.Client.PostResponseAsync(Stored.Body("Stream this.", ""","stream":true"""));
        var frames = SseFrame.ParseAll(await streamed.Content.ReadAsStringAsync());
        var terminal = frames[^1];
        Assert.Contains(terminal.Event, new[] { "response.completed", "response.incomplete" });
        using var document = JsonDocument.Parse(terminal.Data);
        var response = document.RootElement.GetProperty("response");
        var id = response.GetProperty("id").GetString()!;

        var (status, body) = await Stored.GetAsync(server.Client, $"/v1/responses/{id}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(response.GetRawText(), Encoding.UTF8.GetString(body));
        var next = await server.Client.CreateAsync(Stored.Body("And then?", Stored.After(id)));
        Assert.Equal(id, (string?)next["previous_response_id"]);
    }

    [Fact]
    public async Task Store_false_is_neither_fetched_nor_continued()
    {
        var response = await server.Client.CreateAsync(Stored.Body("Forget this.", ""","store":false"""));
        var id = (string)response["id"]!;
        Assert.False((bool)response["store"]!);

        using var fetched = await server.Client.GetAsync($"/v1/responses/{id}");
        await Api.AssertErrorAsync(fetched, HttpStatusCode.NotFound, null, "response_id");
        using var chained = await server.Client.PostResponseAsync(Stored.Body("More.", Stored.After(id)));
        var error = await Api.AssertErrorAsync(chained, HttpStatusCode.NotFound, "previous_response_not_found", "previous_response_id");
        Assert.Equal($"Previous response with id '{id}' not found.", (string?)error["message"]);
    }

    [Fact]
    public async Task A_deleted_response_is_gone_everywhere()
    {
        var id = (string)(await server.Client.CreateAsync(Stored.Body("Delete me.")))["id"]!;

        using var deleted = await server.Client.DeleteAsync($"/v1/responses/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var body = JsonNode.Parse(await deleted.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal($$"""{"id":"{{id}}","object":"response.deleted","deleted":true}""", body.ToJsonString());

        using var fetched = await server.Client.GetAsync($"/v1/responses/{id}");
        await Api.AssertErrorAsync(fetched, HttpStatusCode.NotFound, null, "response_id");
        using var items = await server.Client.GetAsync($"/v1/responses/{id}/input_items");
        await Api.AssertErrorAsync(items, HttpStatusCode.NotFound, null, "response_id");
        using var chained = await server.Client.PostResponseAsync(Stored.Body("More.", Stored.After(id)));
        await Api.AssertErrorAsync(chained, HttpStatusCode.NotFound, "previous_response_not_found", "previous_response_id");
        using var again = await server.Client.DeleteAsync($"/v1/responses/{id}");
        await Api.AssertErrorAsync(again, HttpStatusCode.NotFound, null, "response_id");
    }

    [Theory]
    [InlineData("GET", "/v1/responses/resp_unknown")]
    [InlineData("DELETE", "/v1/responses/resp_unknown")]
    [InlineData("GET", "/v1/responses/resp_unknown/input_items")]
    public async Task An_unknown_id_is_a_404_naming_response_id(string method, string path)
    {
        using var response = await server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var error = await Api.AssertErrorAsync(response, HttpStatusCode.NotFound, null, "response_id");
        Assert.Equal("Response with id 'resp_unknown' not found.", (string?)error["message"]);
    }

    [Fact]
    public async Task A_client_that_leaves_mid_stream_leaves_a_cancelled_response_that_can_be_continued()
    {
        string id;
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses"))
        {
            request.Content = Api.Json(Stored.Body("Go on.", ""","stream":true""", maxOutputTokens: 5000));
            using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var created = await SseFrame.ReadAsync(reader);
            id = (string)created!.Json["response"]!["id"]!;
            for (var i = 0; i < 6; i++)
            {
                Assert.NotNull(await SseFrame.ReadAsync(reader));
            }
        }

        JsonNode? stored = null;
        for (var attempt = 0; attempt < 100 && stored is null; attempt++)
        {
            var (status, body) = await Stored.GetAsync(server.Client, $"/v1/responses/{id}");
            stored = status == HttpStatusCode.OK ? JsonNode.Parse(body) : null;
            if (stored is null)
            {
                await Task.Delay(50);
            }
        }

        Assert.NotNull(stored);
        Assert.Equal("cancelled", (string?)stored["status"]);
        var message = stored["output"]!.AsArray().Single()!;
        Assert.Equal("incomplete", (string?)message["status"]);
        Assert.False(string.IsNullOrEmpty(Api.OutputText(stored)));
        var next = await server.Client.CreateAsync(Stored.Body("Where were we?", Stored.After(id)));
        Assert.Equal(id, (string?)next["previous_response_id"]);
    }
}
