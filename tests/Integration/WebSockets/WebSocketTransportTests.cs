using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Responses.Inference;
using Responses.Server.Storage;
using Responses.Tests.Integration.Operations;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.WebSockets;

/// <summary>
/// The WebSocket transport on /v1/responses as a client sees it: the SSE events, one text frame each; turns one at a
/// time; store-false chains on the same socket only; error frames that leave the socket usable; the age limit; and
/// a close that stops the generation.
/// </summary>
public sealed partial class WebSocketTransportTests(WebSocketServer server) : IClassFixture<WebSocketServer>
{
    private static string Body(string input, string extra = "", int maxOutputTokens = 16) =>
        $$"""{"model":"{{Api.Model}}","input":{{JsonValue.Create(input).ToJsonString()}},"temperature":0,"max_output_tokens":{{maxOutputTokens}}{{extra}}}""";

    private static string After(string previousResponseId) => $$""","previous_response_id":"{{previousResponseId}}" """;

    [Fact]
    public async Task A_response_over_a_socket_is_the_sse_stream_byte_for_byte_apart_from_framing()
    {
        // Sampled with the fixed seed, so the reply is the same on both transports only if the pipeline is.
        var body = $$"""{"model":"{{Api.Model}}","input":"Tell me about the sea.","temperature":1,"max_output_tokens":24}""";
        using var sse = await server.Client.PostResponseAsync(body[..^1] + ",\"stream\":true}");
        var sseEvents = SseFrame.ParseAll(await sse.Content.ReadAsStringAsync()).Select(frame => frame.Data).ToList();

        await using var socket = await ResponsesSocket.ConnectAsync(server.Factory);
        await socket.SendAsync(ResponsesSocket.Create(body));
        var socketEvents = await socket.ReceiveResponseAsync();

        Assert.Contains(socketEvents, e => e.Contains("\"response.output_text.delta\"", StringComparison.Ordinal));
        Assert.Equal(WithNumberedIds(sseEvents), WithNumberedIds(socketEvents));
        Assert.Equal(
            Enumerable.Range(0, socketEvents.Count),
            socketEvents.Select(e => (int)JsonNode.Parse(e)!["sequence_number"]!));

        // Stored before its terminal event, as over HTTP: GET returns what the last frame carried.
        var terminal = JsonNode.Parse(socketEvents[^1])!["response"]!;
        var stored = JsonNode.Parse(await server.Client.GetStringAsync($"/v1/responses/{terminal["id"]}"));
        Assert.True(JsonNode.DeepEquals(terminal, stored));
    }

    [Fact]
    public async Task Two_creates_sent_at_once_are_answered_one_after_the_other_and_counted_as_two_runs()
    {
        const string Generated = $"responses_generated_tokens_total{{model=\"{Api.Model}\"}}";
        var before = (await PrometheusText.ScrapeAsync(server.Client))[Generated];
        await using var socket = await ResponsesSocket.ConnectAsync(server.Factory);
        await socket.SendAsync(ResponsesSocket.Create(Body("First question.")));
        await socket.SendAsync(ResponsesSocket.Create(Body("Second question.")));

        var first = await socket.ReceiveResponseAsync();
        var second = await socket.ReceiveResponseAsync();

        foreach (var events in new[] { first, second })
        {
            var json = events.Select(e => JsonNode.Parse(e)!).ToList();
            Assert.Equal("response.created", (string?)json[0]["type"]);
            Assert.Equal("response.incomplete", (string?)json[^1]["type"]);
            Assert.Equal(Enumerable.Range(0, json.Count), json.Select(e => (int)e["sequence_number"]!));
        }

        Assert.NotEqual(ResponseId(first), ResponseId(second));
        Assert.All(second, e => Assert.DoesNotContain(ResponseId(first), e, StringComparison.Ordinal));
        // Each turn is counted as it ends (just after its last frame), not when the connection does.
        var counted = 0.0;
        for (var attempt = 0; attempt < 100 && counted != OutputTokens(first) + OutputTokens(second); attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 20);
            counted = (await PrometheusText.ScrapeAsync(server.Client))[Generated] - before;
        }

        Assert.Equal(OutputTokens(first) + OutputTokens(second), counted);
    }

    private static int OutputTokens(List<string> events) => (int)JsonNode.Parse(events[^1])!["response"]!["usage"]!["output_tokens"]!;

    [Fact]
    public async Task Turns_on_a_socket_in_a_conversation_extend_it_as_over_HTTP()
    {
        using var created = await server.Client.PostAsync("/v1/conversations", Api.Json("{}"));
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
        await using var socket = await ResponsesSocket.ConnectAsync(server.Factory);

        var first = await socket.CreateAsync(Body("My name is Ada.", $$""","store":false,"conversation":"{{id}}" """));
        var second = await socket.CreateAsync(Body("What is my name?", $$""","store":false,"conversation":"{{id}}" """));

        Assert.Equal(id, (string?)second["conversation"]!["id"]);
        Assert.True((int)second["usage"]!["input_tokens"]! > (int)first["usage"]!["input_tokens"]! + 10, second.ToJsonString());
        using var items = await server.Client.GetAsync($"/v1/conversations/{id}/items?order=asc");
        var roles = JsonNode.Parse(await items.Content.ReadAsStringAsync())!["data"]!.AsArray().Select(item => (string?)item!["role"]);
        Assert.Equal(["user", "assistant", "user", "assistant"], roles);
    }

    [Fact]
    public async Task A_store_false_chain_continues_on_its_socket_and_nowhere_else()
    {
        await using var socket = await ResponsesSocket.ConnectAsync(server.Factory);
        var first = await socket.CreateAsync(Body("My name is Ada.", ""","store":false"""));
        var id = (string)first["id"]!;

        var second = await socket.CreateAsync(Body("What is my name?", ""","store":false""" + After(id)));

        Assert.Equal(id, (string?)second["previous_response_id"]);
        // The first turn and its reply are in the second turn's prompt.
        Assert.True((int)second["usage"]!["input_tokens"]! > (int)first["usage"]!["input_tokens"]! + 10, second.ToJsonString());

        // Never stored: not over HTTP, not on another socket (which stays usable).
        using var http = await server.Client.PostResponseAsync(Body("Again?", After(id)));
        await Api.AssertErrorAsync(http, HttpStatusCode.NotFound, "previous_response_not_found", "previous_response_id");
        await using var other = await ResponsesSocket.ConnectAsync(server.Factory);
        await other.SendAsync(ResponsesSocket.Create(Body("Again?", ""","store":false""" + After(id))));
        await other.ReceiveErrorAsync(404, "previous_response_not_found", "previous_response_id");
        Assert.Equal("incomplete", (string?)(await other.CreateAsync(Body("Hello.")))["status"]);

        // Only the most recent response is held: the chain goes on from the second, not from the first.
        var third = await socket.CreateAsync(Body("And now?", ""","store":false""" + After((string)second["id"]!)));
        Assert.Equal((string)second["id"]!, (string?)third["previous_response_id"]);
        await socket.SendAsync(ResponsesSocket.Create(Body("Back?", ""","store":false""" + After(id))));
        await socket.ReceiveErrorAsync(404, "previous_response_not_found", "previous_response_id");
    }

    [Fact]
    public async Task A_stored_turn_points_at_a_stored_one_it_continues_and_keeps_the_chain_of_one_that_was_not()
    {
        await using var socket = await ResponsesSocket.ConnectAsync(server.Factory);
        var first = (string)(await socket.CreateAsync(Body("Held only.", ""","store":false""")))["id"]!;
        var second = (string)(await socket.CreateAsync(Body("Stored next.", After(first))))["id"]!;
        var third = (string)(await socket.CreateAsync(Body("Stored last.", After(second))))["id"]!;

        // The store has nothing of the first to point at; it has the second.
        var store = server.Factory.Services.GetRequiredService<IResponseStore>();
        Assert.Null((await store.FindAsync(second, CancellationToken.None))!.ParentId);
        Assert.Equal(second, (await store.FindAsync(third, CancellationToken.None))!.ParentId);

        // Either way the whole conversation is listed, and it stays so when the second is deleted.
        string?[] Texts(JsonObject[] items) => items.Select(item => (string?)item["content"]![0]!["text"]).ToArray();
        var items = await Stored.Stored.AllInputItemsAsync(server.Client, third);
        Assert.Equal(["user", "assistant", "user", "assistant", "user"], items.Select(item => (string?)item["role"]));
        Assert.Equal(["Held only.", "Stored next.", "Stored last."], Texts(items).Where((_, i) => i % 2 == 0));
        using (var deleted = await server.Client.DeleteAsync($"/v1/responses/{second}"))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        Assert.Equal(Texts(items), Texts(await Stored.Stored.AllInputItemsAsync(server.Client, third)));
        Assert.Equal(third, (string?)(await server.Client.CreateAsync(Body("Over HTTP.", After(third))))["previous_response_id"]);
    }

    [Fact]
    public async Task A_continuation_that_fails_forgets_the_response_it_continued()
    {
        await using var socket = await ResponsesSocket.ConnectAsync(server.Factory);
        var id = (string)(await socket.CreateAsync(Body("Remember this.", ""","store":false""")))["id"]!;

        await socket.SendAsync(ResponsesSocket.Create(Body("Go on.", ""","store":false""" + After(id)).Replace(Api.Model, "no-such-model", StringComparison.Ordinal)));
        await socket.ReceiveErrorAsync(404, "model_not_found", "model");

        await socket.SendAsync(ResponsesSocket.Create(Body("Go on.", ""","store":false""" + After(id))));
        await socket.ReceiveErrorAsync(404, "previous_response_not_found", "previous_response_id");
    }

    [Fact]
    public async Task Bad_messages_get_error_frames_and_the_socket_stays_usable()
    {
        await using var socket = await ResponsesSocket.ConnectAsync(server.Factory);

        // Codex's acknowledgement asks for no answer: the first answer is the binary frame's.
        await socket.SendAsync("""{"type":"response.processed","response_id":"resp_1"}""");
        await socket.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        await socket.ReceiveErrorAsync(400, "invalid_websocket_message", null);
        await socket.SendAsync("not json");
        await socket.ReceiveErrorAsync(400, "invalid_json", null);
        await socket.SendAsync("[1,2]");
        await socket.ReceiveErrorAsync(400, "invalid_json", null);
        await socket.SendAsync(Body("Hi."));
        await socket.ReceiveErrorAsync(400, "missing_required_parameter", "type");
        await socket.SendAsync("{\"type\":\"response.cancel\"}");
        await socket.ReceiveErrorAsync(400, "invalid_value", "type");
        await socket.SendAsync(ResponsesSocket.Create(Body("Hi.", ""","background":true""")));
        await socket.ReceiveErrorAsync(400, "unsupported_value", "background");
        await socket.SendAsync(ResponsesSocket.Create("""{"model":"responses-tiny-llama","input":"Hi.","temperature":"hot"}"""));
        await socket.ReceiveErrorAsync(400, "invalid_type", "temperature");
        await socket.SendAsync(ResponsesSocket.Create("""{"input":"Hi."}"""));
        await socket.ReceiveErrorAsync(400, "missing_required_parameter", "model");
        await socket.SendAsync(ResponsesSocket.Create(Body(new string('x', WebSocketServer.MaxMessageBytes))));
        await socket.ReceiveErrorAsync(413, "websocket_message_too_large", null);

        // A message in two frames is one message; stream (which Codex sends) is accepted and means nothing here.
        var create = Encoding.UTF8.GetBytes(ResponsesSocket.Create(Body("Hi.", ""","stream":true""")));
        await socket.Socket.SendAsync(create.AsMemory(0, 10), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await socket.Socket.SendAsync(create.AsMemory(10), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var events = await socket.ReceiveResponseAsync();
        Assert.Equal("response.incomplete", (string?)JsonNode.Parse(events[^1])!["type"]);
    }

    [Fact]
    public async Task A_connection_past_its_limit_gets_the_limit_error_and_a_clean_close()
    {
        await using var socket = await ResponsesSocket.ConnectAsync(server.Factory);
        Assert.Equal("incomplete", (string?)(await socket.CreateAsync(Body("Hi.")))["status"]);

        server.Factory.Clock.Advance(WebSocketServer.ConnectionLimit);

        await socket.ReceiveErrorAsync(400, "websocket_connection_limit_reached", null);
        Assert.Null(await socket.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.Socket.CloseStatus);
    }

    [Fact]
    public async Task Closing_the_socket_mid_generation_stops_it_and_keeps_it_as_cancelled()
    {
        var scheduler = server.Factory.Services.GetRequiredService<IGenerationScheduler>();
        string id;
        await using (var socket = await ResponsesSocket.ConnectAsync(server.Factory))
        {
            await socket.SendAsync(ResponsesSocket.Create(Body("Go on.", maxOutputTokens: 5000)));
            id = (string)(await socket.ReceiveJsonAsync())["response"]!["id"]!;
            for (var i = 0; i < 6; i++)
            {
                Assert.NotNull(await socket.ReceiveAsync());
            }
        }

        JsonNode? stored = null;
        for (var attempt = 0; attempt < 200 && (stored is null || scheduler.Status.Running > 0); attempt++)
        {
            using var response = await server.Client.GetAsync($"/v1/responses/{id}");
            stored = response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
            await Task.Delay(stored is null || scheduler.Status.Running > 0 ? 25 : 0);
        }

        Assert.Equal(0, scheduler.Status.Running);
        Assert.NotNull(stored);
        Assert.Equal("cancelled", (string?)stored["status"]);
        Assert.Equal("incomplete", (string?)stored["output"]!.AsArray().Single()!["status"]);
    }

    private static string ResponseId(List<string> events) => (string)JsonNode.Parse(events[0])!["response"]!["id"]!;

    /// <summary>Ids numbered in order of first appearance: the two transports' requests draw different ids from one counter.</summary>
    private static List<string> WithNumberedIds(List<string> events)
    {
        var numbers = new Dictionary<string, int>();
        return events
            .Select(e => Id().Replace(e, match => $"id{(numbers.TryGetValue(match.Value, out var n) ? n : numbers[match.Value] = numbers.Count)}"))
            .ToList();
    }

    [GeneratedRegex("[a-z]+_[0-9a-f]{48}")]
    private static partial Regex Id();
}
