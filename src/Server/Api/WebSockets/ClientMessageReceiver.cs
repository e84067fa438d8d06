using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;
using Responses.Server.Errors;

namespace Responses.Server.Api.WebSockets;

/// <summary>
/// Reads the client's frames into whole messages, in order, while a response is being sent: so a close is noticed
/// mid-generation (and stops it), and later messages wait their turn in the inbox. A binary or oversized message
/// becomes a refusal in its place, never a broken connection.
/// </summary>
public sealed class ClientMessageReceiver(WebSocket socket, int maxMessageBytes)
{
    private const int ReadSize = 4096;

    /// <summary>Until the client closes, the connection breaks or <paramref name="cancellationToken"/> fires; then the inbox is completed.</summary>
    public async Task RunAsync(ChannelWriter<ClientMessage> inbox, CancellationToken cancellationToken)
    {
        try
        {
            while (await ReceiveAsync(cancellationToken) is { } message)
            {
                await inbox.WriteAsync(message, cancellationToken);
            }
        }
        finally
        {
            inbox.TryComplete();
        }
    }

    /// <returns>The next message, or null when the client closed.</returns>
    private async Task<ClientMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(ReadSize);
        var tooLarge = false;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(ReadSize), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            // Past the limit the rest of the message is read into the same bytes and dropped, so memory stays bounded.
            tooLarge |= buffer.WrittenCount + result.Count > maxMessageBytes;
            if (tooLarge)
            {
                buffer.ResetWrittenCount();
            }
            else
            {
                buffer.Advance(result.Count);
            }

            if (!result.EndOfMessage)
            {
                continue;
            }

            if (tooLarge)
            {
                return new ClientMessage(default, new ApiException(
                    HttpStatusCode.RequestEntityTooLarge,
                    ErrorTypes.InvalidRequest,
                    $"The message is larger than this server accepts ({maxMessageBytes} bytes).",
                    code: WebSocketErrorCodes.MessageTooLarge));
            }

            return result.MessageType == WebSocketMessageType.Binary
                ? new ClientMessage(default, ApiException.InvalidRequest(
                    "Binary messages are not accepted: send each response.create as a text message of JSON.",
                    code: WebSocketErrorCodes.InvalidMessage))
                : new ClientMessage(buffer.WrittenMemory);
        }
    }
}
