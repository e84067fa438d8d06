using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Responses.Tests.Integration.WebSockets;

/// <summary>
/// The transport on the real server process (Kestrel on loopback, System.Net's ClientWebSocket, Codex's handshake
/// header) through SIGTERM: the response in flight ends as an SSE stream's does, the connection is told why and
/// closed, and it does not hold the shutdown up.
/// </summary>
public sealed class WebSocketShutdownTests
{
    private const double GraceSeconds = 1;

    /// <summary>
    /// The server waits for a client that is still reading the tail of its stream (at most the close handshake's 5 s)
    /// and for its answer to the close (0.5 s): never the host's whole shutdown timeout (grace + 10 s).
    /// </summary>
    private const double DeliverySeconds = 5 + 0.5 + 1;

    [UnixFact]
    public Task Sigterm_ends_the_response_in_flight_then_closes_the_socket_and_exits_0_within_the_grace_period() =>
        SigtermAsync(readDelay: TimeSpan.Zero, exitWithin: TimeSpan.FromSeconds(GraceSeconds + DeliverySeconds));

    [UnixFact]
    public Task A_client_that_reads_slowly_through_the_shutdown_still_gets_the_end_of_its_stream() =>
        // About a thousand frames are queued for it when the grace runs out: it takes seconds to read them, and the
        // server waits for them, within the host's shutdown timeout (grace + 10 s).
        SigtermAsync(readDelay: TimeSpan.FromMilliseconds(2), exitWithin: TimeSpan.FromSeconds(GraceSeconds + 10));

    private static async Task SigtermAsync(TimeSpan readDelay, TimeSpan exitWithin)
    {
        using var server = await ServerChildProcess.StartAsync(
            "--shutdown-grace", GraceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", "memory");
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("OpenAI-Beta", ResponsesSocket.CodexBetaHeader);
        await socket.ConnectAsync(new UriBuilder(new Uri(server.Client.BaseAddress!, "v1/responses")) { Scheme = "ws" }.Uri, CancellationToken.None);
        var create = $$"""{"type":"response.create","model":"{{Api.Model}}","input":"Go on.","max_output_tokens":30000,"temperature":0}""";
        await socket.SendAsync(Encoding.UTF8.GetBytes(create), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        while ((string?)(await ReceiveAsync(socket))!["type"] != "response.output_text.delta")
        {
        }

        var clock = Stopwatch.StartNew();
        server.Terminate();
        var messages = new List<JsonNode>();
        try
        {
            while (await ReceiveAsync(socket) is { } message)
            {
                messages.Add(message);
            }
        }
        catch (WebSocketException ex)
        {
            await server.WaitForExitAsync(TimeSpan.FromSeconds(GraceSeconds + 15));
            Assert.Fail($"{ex.Message} after {messages.Count} messages ({clock.Elapsed} after SIGTERM), the last {messages.LastOrDefault()?["type"]}; exit code {server.ExitCode}\n{server.Log}");
        }

        // No answer to the server's close: a client that never answers must not hold the shutdown up either.

        await server.WaitForExitAsync(TimeSpan.FromSeconds(GraceSeconds + 15));
        Assert.True(server.ExitCode == 0, $"exit code {server.ExitCode}\n{server.Log}");
        Assert.True(clock.Elapsed < exitWithin, $"exited {clock.Elapsed} after SIGTERM, more than {exitWithin}\n{server.Log}");

        Assert.Equal("response.failed", (string?)messages[^2]["type"]);
        Assert.Contains("shutting down", (string?)messages[^2]["response"]!["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal("error", (string?)messages[^1]["type"]);
        Assert.Equal(503, (int)messages[^1]["status"]!);
        Assert.Equal("server_shutting_down", (string?)messages[^1]["error"]!["code"]);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
    }

    /// <returns>The next message, or null once the server closed.</returns>
    private static async Task<JsonNode?> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[1 << 20];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        if (received.MessageType == WebSocketMessageType.Close)
        {
            return null;
        }

        Assert.True(received.EndOfMessage);
        return JsonNode.Parse(buffer.AsSpan(0, received.Count));
    }
}
