using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Responses.Server.Errors;

namespace Responses.Server.Api.WebSockets;

/// <summary>
/// One WebSocket connection on /v1/responses: a reader that keeps taking the client's messages (so a close is seen
/// mid-generation), and this loop, which answers them one at a time in arrival order, until the client closes, the
/// connection reaches its age limit or the server shuts down (after the response in flight, which the scheduler's
/// drain ends as it ends an SSE stream's).
/// </summary>
/// <param name="unsentBytes">Bytes the kernel still holds for the client (null: unknown); see <see cref="SocketSendQueue"/>.</param>
public sealed class ResponsesWebSocketSession(
    WebSocket socket,
    WebSocketTurns turns,
    ResponsesWebSocketOptions options,
    JsonSerializerOptions json,
    ILogger logger,
    Func<int?>? unsentBytes = null)
{
    /// <summary>How long a closing connection waits for the client's half of the close handshake.</summary>
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The same wait while the server shuts down, which a client that never answers must not hold up.</summary>
    private static readonly TimeSpan ShutdownCloseTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>How often a closing connection looks whether the client has taken everything the server wrote.</summary>
    private static readonly TimeSpan DeliveryPoll = TimeSpan.FromMilliseconds(20);

    /// <param name="limit">Fires when the connection reaches its age limit (started before the handshake completed).</param>
    /// <param name="stopping">Fires when the server begins to shut down: an idle connection would hold the shutdown up.</param>
    /// <param name="aborted">The upgrade request's own abort.</param>
    public async Task RunAsync(CancellationToken limit, CancellationToken stopping, CancellationToken aborted)
    {
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var inbox = Channel.CreateBounded<ClientMessage>(new BoundedChannelOptions(options.QueuedMessages) { SingleReader = true, SingleWriter = true });
        var receiving = ReceiveAsync(inbox.Writer, closed);
        using var frames = new WebSocketFrameWriter(socket, json);
        var held = new ConnectionResponses();
        try
        {
            using var ending = CancellationTokenSource.CreateLinkedTokenSource(limit, stopping);
            while (await NextAsync(inbox.Reader, ending.Token, closed.Token) is { } message)
            {
                await turns.RunAsync(message, held, frames, closed.Token);
            }

            await CloseAsync(frames, limit, stopping, closed.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException || closed.IsCancellationRequested)
        {
            // The client went away (without a close handshake, or mid-turn): nothing left to tell it.
            logger.LogDebug(exception, "WebSocket connection ended abruptly");
        }

        // The client's half of a close the server began; then the reader stops, whatever it was doing.
        try
        {
            if (stopping.IsCancellationRequested)
            {
                await WaitForDeliveryAsync(receiving);
            }

            await receiving.WaitAsync(stopping.IsCancellationRequested ? ShutdownCloseTimeout : CloseHandshakeTimeout, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            logger.LogDebug("The WebSocket client did not answer the close in time");
        }

        await closed.CancelAsync();
        await receiving;
    }

    /// <summary>
    /// At shutdown, a client still reading the tail of its stream (the last deltas, response.failed, the close) gets
    /// all of it before the connection goes: Kestrel resets an upgraded connection whose request ends with output
    /// still queued, and the client would lose what it had not read. Bounded by the close handshake's timeout, so a
    /// client that stopped reading altogether does not hold the shutdown up; the client's own close ends it early.
    /// </summary>
    private async Task WaitForDeliveryAsync(Task receiving)
    {
        if (unsentBytes is null)
        {
            return;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var emptyInARow = 0;
        // Twice empty: the kernel queue is refilled from Kestrel's own buffer as soon as it has room.
        while (emptyInARow < 2 && !receiving.IsCompleted && clock.Elapsed < CloseHandshakeTimeout)
        {
            emptyInARow = unsentBytes() is 0 or null ? emptyInARow + 1 : 0;
            await Task.WhenAny(receiving, Task.Delay(DeliveryPoll));
        }
    }

    /// <summary>The server's half of the close: after the error frame that says why, or in answer to the client's close.</summary>
    private async Task CloseAsync(WebSocketFrameWriter frames, CancellationToken limit, CancellationToken stopping, CancellationToken closed)
    {
        if (stopping.IsCancellationRequested && !closed.IsCancellationRequested)
        {
            await frames.SendAsync(ShuttingDown(), closed);
            await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "server shutting down", closed);
        }
        else if (limit.IsCancellationRequested && !closed.IsCancellationRequested)
        {
            await frames.SendAsync(LimitReached(), closed);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "connection limit reached", closed);
        }
        else if (socket.State == WebSocketState.CloseReceived)
        {
            // A client that closed and then stopped reading must not hold the connection open.
            using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
    }

    /// <returns>The next message in arrival order, or null once the client closed or the connection is ending.</returns>
    private static async Task<ClientMessage?> NextAsync(ChannelReader<ClientMessage> inbox, CancellationToken ending, CancellationToken closed)
    {
        if (ending.IsCancellationRequested)
        {
            return null;
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(ending, closed);
        try
        {
            return await inbox.WaitToReadAsync(either.Token) && inbox.TryRead(out var message) ? message : null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The reader; a close from the client (or a broken connection) also stops the response in flight.</summary>
    private async Task ReceiveAsync(ChannelWriter<ClientMessage> inbox, CancellationTokenSource closed)
    {
        try
        {
            await new ClientMessageReceiver(socket, options.MaxMessageBytes).RunAsync(inbox, closed.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            logger.LogDebug(exception, "WebSocket receive ended");
        }
        finally
        {
            await closed.CancelAsync();
        }
    }

    private static ApiException ShuttingDown() => new(
        HttpStatusCode.ServiceUnavailable,
        ErrorTypes.Server,
        "The server is shutting down. Open a new connection once it is back.",
        code: ErrorTypes.ServerShuttingDown);

    private ApiException LimitReached() => new(
        HttpStatusCode.BadRequest,
        ErrorTypes.InvalidRequest,
        $"This WebSocket connection reached its limit of {options.ConnectionLimit.TotalMinutes:0.##} minutes. Open a new connection to continue.",
        code: WebSocketErrorCodes.ConnectionLimitReached);
}
