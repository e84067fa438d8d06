using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Responses.Tests.Integration;

/// <summary>GET /v1/models lists the one served model in OpenAI's list shape.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class ModelsTests(DefaultServer server)
{
    [Fact]
    public async Task Lists_the_embedded_model_first()
    {
        using var response = await server.Client.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal("list", (string?)body["object"]);
        // The text model, then the tiny vision model served beside it.
        var listed = body["data"]!.AsArray();
        Assert.Equal(2, listed.Count);
        var model = listed[0]!.AsObject();
        Assert.Equal(["created", "id", "input_modalities", "object", "owned_by"], model.Select(p => p.Key).Order());
        Assert.Equal(Api.Model, (string?)model["id"]);
        Assert.Equal("model", (string?)model["object"]);
        Assert.Equal(JsonValueKind.Number, model["created"]!.GetValueKind());
        Assert.True(model["created"]!.GetValue<long>() > 0);
        Assert.False(string.IsNullOrEmpty((string?)model["owned_by"]));
    }

    [Fact]
    public async Task Retrieves_the_served_model_by_id()
    {
        using var list = await server.Client.GetAsync("/v1/models");
        var listed = JsonNode.Parse(await list.Content.ReadAsStringAsync())!["data"]![0]!.ToJsonString();

        using var response = await server.Client.GetAsync($"/v1/models/{Api.Model}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(listed, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_model_id_is_404_model_not_found()
    {
        using var response = await server.Client.GetAsync("/v1/models/nope");
        await Api.AssertErrorAsync(response, HttpStatusCode.NotFound, "model_not_found", "model");
    }
}
