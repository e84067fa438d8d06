using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Responses.Server.Runs;

namespace Responses.Server.Api;

/// <summary>
/// The SSE writer: frames each event as "event: type" (none when the type is null, as chat chunks have) + "data: json"
/// + blank line, straight into the response's pipe. Frames that are ready together go out in one flush: when the
/// next event is already there (tokens come faster than the socket takes them) the writer goes on framing, and flushes
/// only when it would wait for the producer, or past <see cref="CoalesceBytes"/>. So a client sees every event as soon
/// as nothing newer is ready, and a fast model pays one socket send per batch of tokens instead of one per token.
/// Flushes wait for the socket, so a client that reads slowly slows the producer down (back-pressure) instead of
/// piling events up in memory.
/// </summary>
public sealed class SseEventWriter(JsonSerializerOptions json)
{
    /// <summary>Unflushed bytes that force a flush even while events keep coming: bounds the memory a fast producer holds.</summary>
    internal const int CoalesceBytes = 16 * 1024;

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

        var body = response.BodyWriter;
        // One writer and one frame buffer for the whole stream: no per-token allocation. A frame is built whole before
        // it enters the pipe, so an event that fails to serialize leaves no half frame ahead of the terminal one.
        using var writer = new Utf8JsonWriter(Stream.Null, writerOptions);
        var frame = new ArrayBufferWriter<byte>(1024);
        var enumerator = events.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            long unflushed = 0;
            while (true)
            {
                var next = enumerator.MoveNextAsync();
                if (unflushed > 0 && (!next.IsCompleted || unflushed >= CoalesceBytes))
                {
                    await FlushAsync(body, cancellationToken);
                    unflushed = 0;
                }

                if (!await next)
                {
                    break;
                }

                Frame(frame, writer, eventType(enumerator.Current), enumerator.Current, serialize);
                body.Write(frame.WrittenSpan);
                unflushed += frame.WrittenCount;
                frame.ResetWrittenCount();
            }

            if (unflushed > 0)
            {
                await FlushAsync(body, cancellationToken);
            }
        }
    }

    private static async ValueTask FlushAsync(PipeWriter body, CancellationToken cancellationToken)
    {
        var flushed = await body.FlushAsync(cancellationToken);
        if (flushed.IsCanceled)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private static void Frame<T>(ArrayBufferWriter<byte> body, Utf8JsonWriter writer, string? type, T item, Action<Utf8JsonWriter, T> serialize)
    {
        if (type is not null)
        {
            body.Write("event: "u8);
            var span = body.GetSpan(Encoding.UTF8.GetMaxByteCount(type.Length));
            body.Advance(Encoding.UTF8.GetBytes(type, span));
            body.Write("\n"u8);
        }

        body.Write("data: "u8);
        writer.Reset(body);
        serialize(writer, item);
        writer.Flush();
        body.Write("\n\n"u8);
    }

    /// <summary>A run's events as an SSE stream: the sink of a streamed response or chat completion.</summary>
    public IRunSink<T> Sink<T>(HttpResponse response, Func<T, string?> eventType, Action<Utf8JsonWriter, T> serialize)
        where T : class => new RunSink<T>(this, response, eventType, serialize);

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
