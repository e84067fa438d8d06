using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Responses.Server.Runs;

namespace Responses.Server.Api;

/// <summary>
/// The SSE writer: frames each event as "event: type" (none when the type is null, as chat chunks have) + "data: json"
/// + blank line. SseFormatter hands every frame to
/// the response body in one write, and Kestrel's body stream flushes each write, so a client sees every event as it
/// is produced and never half a frame. Writes wait for the socket, so a client that reads slowly slows the producer
/// down (back-pressure) instead of piling events up in memory.
/// </summary>
public sealed class SseEventWriter(JsonSerializerOptions json)
{
    /// <summary>The writer's own encoder wins over the serializer's: take the API's, so both sinks write the same bytes.</summary>
    private readonly JsonWriterOptions writerOptions = new() { Encoder = json.Encoder, SkipValidation = true };

    /// <summary>
    /// Writes <paramref name="events"/> as frames; the status and headers go with the first one (a later call on the
    /// same response, the terminal event after a failure, only adds frames). Throws when writing fails.
    /// </summary>
    public async Task WriteAsync<T>(
        HttpResponse response,
        IAsyncEnumerable<T> events,
        Func<T, string?> eventType,
        Action<Utf8JsonWriter, T> serialize,
        CancellationToken cancellationToken)
        where T : class
    {
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache";
            // Reverse proxies (nginx) otherwise hold the stream back until it ends.
            response.Headers["X-Accel-Buffering"] = "no";
            response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        }

        // One writer for the whole stream, re-pointed at each frame's buffer: no per-token writer allocation.
        using var writer = new Utf8JsonWriter(Stream.Null, writerOptions);
        await SseFormatter.WriteAsync(Frame(events, eventType, cancellationToken), response.Body, Format, cancellationToken);

        void Format(SseItem<T> item, System.Buffers.IBufferWriter<byte> buffer)
        {
            writer.Reset(buffer);
            serialize(writer, item.Data);
            writer.Flush();
        }
    }

    /// <summary>A run's events as an SSE stream: the sink of a streamed response or chat completion.</summary>
    public IRunSink<T> Sink<T>(HttpResponse response, Func<T, string?> eventType, Action<Utf8JsonWriter, T> serialize)
        where T : class => new RunSink<T>(this, response, eventType, serialize);

    private static async IAsyncEnumerable<SseItem<T>> Frame<T>(
        IAsyncEnumerable<T> events, Func<T, string?> eventType, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        await foreach (var evt in events.WithCancellation(cancellationToken))
        {
            yield return new SseItem<T>(evt, eventType(evt));
        }
    }

#pragma warning disable CS1998 // an async iterator of one item, for the terminal event
    private static async IAsyncEnumerable<T> One<T>(T item)
    {
        yield return item;
    }
#pragma warning restore CS1998

    private sealed class RunSink<T>(SseEventWriter sse, HttpResponse response, Func<T, string?> eventType, Action<Utf8JsonWriter, T> serialize) : IRunSink<T>
        where T : class
    {
        public Task WriteAsync(IAsyncEnumerable<T> events, CancellationToken cancellationToken) =>
            sse.WriteAsync(response, events, eventType, serialize, cancellationToken);

        public Task WriteLastAsync(T terminal, CancellationToken cancellationToken) =>
            sse.WriteAsync(response, One(terminal), eventType, serialize, cancellationToken);
    }
}
