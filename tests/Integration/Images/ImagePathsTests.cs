using System.Net;
using System.Text.Json.Nodes;
using Responses.Tests.Integration.WebSockets;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Images;

/// <summary>
/// An image goes every way a request comes in (streamed, over a WebSocket, in the background, in a conversation) and
/// comes back as it was sent wherever its items are listed, so a later turn replays it.
/// </summary>
[Collection(DefaultServerCollection.Name)]
public sealed class ImagePathsTests(DefaultServer server)
{
    private static readonly string Red = TestImages.DataUrl(TestImages.Solid(255, 0, 0));

    private static readonly string Part = $$"""{"type":"input_image","image_url":"{{Red}}","detail":"auto"}""";

    private static readonly string Input = $$"""[{"type":"message","role":"user","content":[{"type":"input_text","text":"What is it?"},{{Part}}]}]""";

    [Fact]
    public async Task Streamed_it_ends_completed_or_incomplete()
    {
        using var response = await server.Client.PostResponseAsync($$"""{"model":"{{Api.Model}}","input":{{Input}},"stream":true,"max_output_tokens":16}""");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("event: response\\.(completed|incomplete)", text);
    }

    [Fact]
    public async Task Over_a_WebSocket_a_turn_and_its_continuation_are_answered()
    {
        await using var socket = await ResponsesSocket.ConnectAsync(server.Factory);
        await socket.SendAsync(ResponsesSocket.Create($$"""{"model":"{{Api.Model}}","input":{{Input}},"store":false,"max_output_tokens":16}"""));
        var first = JsonNode.Parse((await socket.ReceiveResponseAsync())[^1])!["response"]!;

        await socket.SendAsync(ResponsesSocket.Create($$"""{"model":"{{Api.Model}}","previous_response_id":"{{first["id"]}}","input":"And?","store":false,"max_output_tokens":16}"""));
        var last = JsonNode.Parse((await socket.ReceiveResponseAsync())[^1])!;
        Assert.Matches("response\\.(completed|incomplete)", (string?)last["type"]);
    }

    [Fact]
    public async Task In_the_background_it_is_answered_and_its_input_items_list_the_image()
    {
        var queued = await server.Client.CreateAsync($$"""{"model":"{{Api.Model}}","input":{{Input}},"background":true,"max_output_tokens":16}""");
        var id = (string)queued["id"]!;
        var (_, final) = await Background.Background.PollAsync(server.Client, id);
        Assert.Contains((string?)final["status"], new[] { "completed", "incomplete" });

        var items = JsonNode.Parse(await server.Client.GetStringAsync($"/v1/responses/{id}/input_items"))!["data"]!.AsArray();
        Assert.Equal(JsonNode.Parse(Part)!.ToJsonString(), Assert.Single(items)!["content"]![1]!.ToJsonString());
    }

    [Fact]
    public async Task In_a_conversation_the_image_is_kept_and_the_next_turn_replays_it()
    {
        using var created = await server.Client.PostAsync("/v1/conversations", Api.Json("{}"));
        var conversation = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;

        await server.Client.CreateAsync($$"""{"model":"{{Api.Model}}","conversation":"{{conversation}}","input":{{Input}},"max_output_tokens":16}""");
        var next = await server.Client.CreateAsync($$"""{"model":"{{Api.Model}}","conversation":"{{conversation}}","input":"And?","max_output_tokens":16}""");
        Assert.Contains((string?)next["status"], new[] { "completed", "incomplete" });

        var items = JsonNode.Parse(await server.Client.GetStringAsync($"/v1/conversations/{conversation}/items?order=asc"))!["data"]!.AsArray();
        Assert.Equal(JsonNode.Parse(Part)!.ToJsonString(), items[0]!["content"]![1]!.ToJsonString());
    }
}
