using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Responses.Generated;
using Responses.Server.Errors;
using Responses.Server.Runs;

namespace Responses.Server.Api.WebSockets;

/// <summary>
/// The WebSocket sink: each stream event as one text message holding exactly the JSON an SSE frame's data line
/// holds (same writer, same encoder, same hand-written text delta), and the transport's error frames. One buffer and
/// one writer for the connection, so an event costs no allocation beyond the serializer's. Sends are awaited: the
/// socket sets the pace, as it does for SSE.
/// </summary>
public sealed class WebSocketFrameWriter(WebSocket socket, JsonSerializerOptions json) : IDisposable
{
    private readonly ArrayBufferWriter<byte> buffer = new(4096);
    private readonly Utf8JsonWriter writer = new(Stream.Null, new JsonWriterOptions { Encoder = json.Encoder, SkipValidation = true });

    public ValueTask SendAsync(ResponseStreamEvent streamEvent, CancellationToken cancellationToken)
    {
        Begin();
        StreamEventJson.Write(writer, streamEvent, json);
        return SendAsync(cancellationToken);
    }

    /// <summary>{"type":"error","status":…,"error":{"message","type","param","code"}}: OpenAI's error object, with the status it would have over HTTP.</summary>
    public ValueTask SendAsync(ApiException error, CancellationToken cancellationToken)
    {
        Begin();
        JsonSerializer.Serialize(writer, new WebSocketErrorEvent { Status = (int)error.Status, Error = error.Envelope().Error }, json);
        return SendAsync(cancellationToken);
    }

    public void Dispose() => writer.Dispose();

    private void Begin()
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
    }

    private ValueTask SendAsync(CancellationToken cancellationToken)
    {
        writer.Flush();
        return socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }
}
