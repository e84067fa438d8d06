using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Responses.Server.Streaming;

/// <summary>
/// The SSE sink: frames each event as "event: type" + "data: json" + blank line. SseFormatter hands every frame to
/// the response body in one write, and Kestrel's body stream flushes each write, so a client sees every event as it
/// is produced and never half a frame.
/// </summary>
public sealed class SseEventWriter(JsonSerializerOptions json)
{
    /// <summary>The writer's own encoder wins over the serializer's: take the API's, so both sinks write the same bytes.</summary>
    private readonly JsonWriterOptions writerOptions = new() { Encoder = json.Encoder, SkipValidation = true };

    public async Task WriteAsync<T>(
        HttpResponse response,
        IAsyncEnumerable<T> events,
        Func<T, string> eventType,
        Action<Utf8JsonWriter, T> serialize,
        CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        // Reverse proxies (nginx) otherwise hold the stream back until it ends.
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // One writer for the whole stream, re-pointed at each frame's buffer: no per-token writer allocation.
        using var writer = new Utf8JsonWriter(Stream.Null, writerOptions);
        await SseFormatter.WriteAsync(
            Frame(events, eventType, cancellationToken),
            response.Body,
            (item, buffer) =>
            {
                writer.Reset(buffer);
                serialize(writer, item.Data);
                writer.Flush();
            },
            cancellationToken);
    }

    private static async IAsyncEnumerable<SseItem<T>> Frame<T>(
        IAsyncEnumerable<T> events,
        Func<T, string> eventType,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var evt in events.WithCancellation(cancellationToken))
        {
            yield return new SseItem<T>(evt, eventType(evt));
        }
    }
}
