using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.WebSockets;

/// <summary>
/// A client of the /v1/responses WebSocket on the test server, as Codex opens it (with its OpenAI-Beta header):
/// sends messages as text frames and reads the server's messages, each of which must be exactly one frame.
/// </summary>
public sealed class ResponsesSocket : IAsyncDisposable
{
    public const string CodexBetaHeader = "responses_websockets=2026-02-06";

    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(60);

    private ResponsesSocket(WebSocket socket)
    {
        Socket = socket;
    }

    public WebSocket Socket { get; }

    /// <param name="apiKey">Sent as the upgrade request's bearer token, when the server has keys.</param>
    public static async Task<ResponsesSocket> ConnectAsync(ResponsesServerFactory factory, string? apiKey = null)
    {
        var client = factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = request =>
        {
            request.Headers["OpenAI-Beta"] = CodexBetaHeader;
            if (apiKey is not null)
            {
                request.Headers.Authorization = $"Bearer {apiKey}";
            }
        };
        return new ResponsesSocket(await client.ConnectAsync(new Uri(factory.Server.BaseAddress, "v1/responses"), CancellationToken.None));
    }

    /// <summary>A response.create message: the create body (JSON object text) with "type" added in front.</summary>
    public static string Create(string body) => "{\"type\":\"response.create\"," + body.TrimStart()[1..];

    public Task SendAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next server message's text (one frame), or null when the server closed.</summary>
    public async Task<string?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var buffer = new byte[1 << 20];
        var result = await Socket.ReceiveAsync(buffer, timeout.Token);
        if (result.MessageType == WebSocketMessageType.Close)
        {
            return null;
        }

        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        Assert.True(result.EndOfMessage, "every server message is one frame");
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    public async Task<JsonObject> ReceiveJsonAsync()
    {
        var text = await ReceiveAsync();
        Assert.NotNull(text);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Every message of one response, from response.created to its terminal event.</summary>
    public async Task<List<string>> ReceiveResponseAsync()
    {
        var messages = new List<string>();
        while (true)
        {
            var text = await ReceiveAsync();
            Assert.NotNull(text);
            messages.Add(text);
            var type = (string?)JsonNode.Parse(text)!["type"];
            Assert.True(type != "error", text);
            if (type is "response.completed" or "response.incomplete" or "response.failed")
            {
                return messages;
            }
        }
    }

    /// <summary>Sends a create and returns the Response its terminal event carries.</summary>
    public async Task<JsonObject> CreateAsync(string body)
    {
        await SendAsync(Create(body));
        var messages = await ReceiveResponseAsync();
        return JsonNode.Parse(messages[^1])!["response"]!.AsObject();
    }

    /// <summary>Asserts the next message is the transport's error frame, exactly {"type","status","error":{code,message,param,type}}; returns its error.</summary>
    public async Task<JsonObject> ReceiveErrorAsync(int status, string code, string? param)
    {
        var frame = await ReceiveJsonAsync();
        Assert.Equal(["error", "status", "type"], frame.Select(p => p.Key).Order());
        Assert.Equal("error", (string?)frame["type"]);
        Assert.Equal(status, (int)frame["status"]!);
        var error = frame["error"]!.AsObject();
        Assert.Equal(["code", "message", "param", "type"], error.Select(p => p.Key).Order());
        Assert.Equal(code, (string?)error["code"]);
        Assert.Equal(param, (string?)error["param"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
        return error;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        if (Socket.State == WebSocketState.Open)
        {
            await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        else if (Socket.State == WebSocketState.CloseReceived)
        {
            await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }

        Socket.Dispose();
    }
}
