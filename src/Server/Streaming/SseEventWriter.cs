using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Responses.Server.Streaming;

/// <summary>
/// The SSE sink: frames each event as "event: type" (none when the type is null, as chat chunks have) + "data: json"
/// + blank line. SseFormatter hands every frame to
/// the response body in one write, and Kestrel's body stream flushes each write, so a client sees every event as it
/// is produced and never half a frame. Writes wait for the socket, so a client that reads slowly slows the producer
/// down (back-pressure) instead of piling events up in memory.
/// </summary>
public sealed class SseEventWriter(JsonSerializerOptions json, ILogger<SseEventWriter> logger)
{
    /// <summary>The writer's own encoder wins over the serializer's: take the API's, so both sinks write the same bytes.</summary>
    private readonly JsonWriterOptions writerOptions = new() { Encoder = json.Encoder, SkipValidation = true };

    /// <param name="terminalOnFailure">
    /// For a failure once frames are out (the 200 cannot be taken back), given the failure and the last event
    /// written: the event that ends the stream in its place, or null when the stream already ended. A failure
    /// before the first frame is thrown, so the client gets an error status instead.
    /// </param>
    public async Task WriteAsync<T>(
        HttpResponse response,
        IAsyncEnumerable<T> events,
        Func<T, string?> eventType,
        Action<Utf8JsonWriter, T> serialize,
        Func<Exception, T?, T?> terminalOnFailure,
        CancellationToken cancellationToken)
        where T : class
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        // Reverse proxies (nginx) otherwise hold the stream back until it ends.
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // One writer for the whole stream, re-pointed at each frame's buffer: no per-token writer allocation.
        using var writer = new Utf8JsonWriter(Stream.Null, writerOptions);
        var progress = new Progress<T>();
        try
        {
            await SseFormatter.WriteAsync(Frame(events, eventType, progress, cancellationToken), response.Body, Format, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && (progress.LastWritten is not null || response.HasStarted))
        {
            if (terminalOnFailure(exception, progress.LastWritten) is not { } terminal)
            {
                return;
            }

            try
            {
                await SseFormatter.WriteAsync(One(new SseItem<T>(terminal, eventType(terminal))), response.Body, Format, cancellationToken);
            }
            catch (Exception writeFailure)
            {
                // The socket itself is what broke: there is no one left to tell.
                logger.LogDebug(writeFailure, "Could not write the terminal event after a stream failure.");
            }
        }

        void Format(SseItem<T> item, System.Buffers.IBufferWriter<byte> buffer)
        {
            writer.Reset(buffer);
            serialize(writer, item.Data);
            writer.Flush();
        }
    }

    private static async IAsyncEnumerable<SseItem<T>> Frame<T>(
        IAsyncEnumerable<T> events,
        Func<T, string?> eventType,
        Progress<T> progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        await foreach (var evt in events.WithCancellation(cancellationToken))
        {
            yield return new SseItem<T>(evt, eventType(evt));
            // The formatter asks for the next item only once this one's frame is written.
            progress.LastWritten = evt;
        }
    }

#pragma warning disable CS1998 // an async iterator of one item, for the formatter
    private static async IAsyncEnumerable<SseItem<T>> One<T>(SseItem<T> item)
    {
        yield return item;
    }
#pragma warning restore CS1998

    private sealed class Progress<T>
        where T : class
    {
        public T? LastWritten { get; set; }
    }
}
