using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Api;
using Responses.Server.Runs.Responses;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Server;

public sealed class SseEventWriterTests
{
    private static readonly JsonSerializerOptions Json = ApiJson.CreateOptions();

    /// <summary>A response body that remembers every write call separately.</summary>
    private sealed class RecordingStream : Stream
    {
        public List<byte[]> Writes { get; } = [];

        public int Flushes { get; private set; }

        /// <summary>What the client had at each flush: everything written until then.</summary>
        public List<string> Flushed { get; } = [];

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Writes.Add(buffer.AsSpan(offset, count).ToArray());

        public override void Write(ReadOnlySpan<byte> buffer) => Writes.Add(buffer.ToArray());

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes.Add(buffer.ToArray());
            return ValueTask.CompletedTask;
        }

        public override void Flush() => Flushes++;

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            Flushed.Add(string.Concat(Writes.Select(w => Encoding.UTF8.GetString(w))));
            return Task.CompletedTask;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static async IAsyncEnumerable<ResponseStreamEvent> Events()
    {
        var builder = new ResponseEventBuilder(Runs.For(), new SequentialIds(), new FixedClock());
        yield return builder.Created();
        yield return builder.InProgress();
        var buffer = new List<ResponseStreamEvent>();
        foreach (OutputEvent output in new OutputEvent[]
                 {
                     new TextDelta("Hello"), new TextDelta(" wörld 😀\n"), new TextDelta("\"quoted\""),
                     new GenerationFinished(FinishReason.Stop, new TokenUsage(3, 3)),
                 })
        {
            await Task.Yield();
            builder.Apply(output, buffer);
            foreach (var e in buffer)
            {
                yield return e;
            }

            buffer.Clear();
        }
    }

    private static async Task<(DefaultHttpContext Context, RecordingStream Body, List<ResponseStreamEvent> Sent, List<string> Frames)> WriteAll(
        IAsyncEnumerable<ResponseStreamEvent>? events = null)
    {
        var context = new DefaultHttpContext();
        var body = new RecordingStream();
        context.Response.Body = body;
        var sent = new List<ResponseStreamEvent>();
        await foreach (var e in events ?? Events())
        {
            sent.Add(e);
        }

        await new SseEventWriter(Json).WriteAsync(
            context.Response,
            events ?? Events(),
            ResponsesJson.EventType,
            (writer, e) => JsonSerializer.Serialize(writer, e, Json),
            CancellationToken.None);
        Assert.NotEmpty(sent);
        var written = string.Concat(body.Writes.Select(w => Encoding.UTF8.GetString(w)));
        var frames = written.Split("\n\n")[..^1].Select(f => f + "\n\n").ToList();
        Assert.Equal(written, string.Concat(frames));
        Assert.Equal(sent.Count, frames.Count);
        return (context, body, sent, frames);
    }

    [Fact]
    public async Task Sets_event_stream_headers()
    {
        var (context, _, _, _) = await WriteAll();

        Assert.Equal(200, context.Response.StatusCode);
        Assert.StartsWith("text/event-stream", context.Response.ContentType);
        Assert.Equal("no-cache", context.Response.Headers.CacheControl.ToString());
        Assert.Equal("no", context.Response.Headers["X-Accel-Buffering"].ToString());
    }

    [Fact]
    public async Task Each_event_is_one_whole_frame_and_every_flush_ends_on_a_frame()
    {
        var (_, body, sent, frames) = await WriteAll();

        Assert.All(body.Flushed, flushed => Assert.EndsWith("\n\n", flushed));
        for (var i = 0; i < sent.Count; i++)
        {
            var frame = frames[i];
            var header = $"event: {ResponsesJson.EventType(sent[i])}\ndata: ";
            Assert.StartsWith(header, frame);
            var data = frame[header.Length..^2];
            Assert.DoesNotContain('\n', data);
            Assert.True(
                JsonNode.DeepEquals(JsonSerializer.SerializeToNode(sent[i], Json), JsonNode.Parse(data)),
                $"frame {i} carries other JSON than its event:\n{data}");
        }
    }

    [Fact]
    public async Task Events_ready_together_go_out_in_one_flush()
    {
        var (_, body, sent, _) = await WriteAll(Ready(await Collect(Events())));

        Assert.True(sent.Count > 5);
        Assert.Equal(1, body.Flushes);
    }

    [Fact]
    public async Task What_is_written_is_flushed_before_the_writer_waits_for_the_next_event()
    {
        var all = await Collect(Events());
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = new DefaultHttpContext();
        var body = new RecordingStream();
        context.Response.Body = body;

        var writing = new SseEventWriter(Json).WriteAsync(
            context.Response, Gated(all, release.Task), ResponsesJson.EventType, (writer, e) => JsonSerializer.Serialize(writer, e, Json), CancellationToken.None);

        // The first two events are there at once, the rest wait: the client already has the first two.
        await WaitUntilAsync(() => body.Flushes == 1);
        var early = body.Flushed[0];
        Assert.StartsWith("event: response.created\n", early, StringComparison.Ordinal);
        Assert.Contains("\n\nevent: response.in_progress\n", early, StringComparison.Ordinal);
        Assert.Equal(2, early.Split("\n\n").Length - 1);
        release.SetResult();
        await writing;
        Assert.Equal(2, body.Flushes);
    }

    [Fact]
    public async Task Frame_data_is_byte_for_byte_the_api_json_of_the_event()
    {
        var (_, _, sent, frames) = await WriteAll();

        for (var i = 0; i < sent.Count; i++)
        {
            Assert.Equal($"event: {ResponsesJson.EventType(sent[i])}\ndata: {JsonSerializer.Serialize(sent[i], Json)}\n\n", frames[i]);
        }
    }

    [Fact]
    public async Task Data_is_the_event_json_with_type_and_sequence_number()
    {
        var (_, _, sent, frames) = await WriteAll();

        for (var i = 0; i < sent.Count; i++)
        {
            var lines = frames[i].Split('\n');
            Assert.Equal(4, lines.Length); // event, data, blank, "" after the final newline
            Assert.StartsWith("data: ", lines[1]);
            using var data = JsonDocument.Parse(lines[1]["data: ".Length..]);
            Assert.Equal(ResponsesJson.EventType(sent[i]), data.RootElement.GetProperty("type").GetString());
            Assert.Equal(i, data.RootElement.GetProperty("sequence_number").GetInt32());
        }
    }

    [Fact]
    public async Task Text_with_newlines_and_quotes_stays_on_one_data_line()
    {
        var (_, _, _, frames) = await WriteAll();

        var done = Assert.Single(frames, f => f.StartsWith("event: response.output_text.done\n", StringComparison.Ordinal));
        Assert.Equal(4, done.Split('\n').Length);
        using var data = JsonDocument.Parse(done.Split('\n')[1]["data: ".Length..]);
        Assert.Equal("Hello wörld 😀\n\"quoted\"", data.RootElement.GetProperty("text").GetString());
    }

    private static async Task<List<ResponseStreamEvent>> Collect(IAsyncEnumerable<ResponseStreamEvent> events)
    {
        var list = new List<ResponseStreamEvent>();
        await foreach (var e in events)
        {
            list.Add(e);
        }

        return list;
    }

#pragma warning disable CS1998 // every event already there: MoveNextAsync completes at once
    private static async IAsyncEnumerable<ResponseStreamEvent> Ready(List<ResponseStreamEvent> events)
    {
        foreach (var e in events)
        {
            yield return e;
        }
    }
#pragma warning restore CS1998

    /// <summary>The first two events at once, the rest after <paramref name="gate"/>.</summary>
    private static async IAsyncEnumerable<ResponseStreamEvent> Gated(List<ResponseStreamEvent> events, Task gate)
    {
        yield return events[0];
        yield return events[1];
        await gate;
        foreach (var e in events.Skip(2))
        {
            yield return e;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    /// <summary>A model that says its lines and finishes: the sink tests need a run, not inference.</summary>
    /// <summary>Writes a run through the real executor into the SSE sink; the serializer throws on the event <paramref name="breaks"/> picks.</summary>
    private static async Task<(DefaultHttpContext Context, List<SseFrame> Frames)> WriteRunAsync(Func<ResponseStreamEvent, bool> breaks)
    {
        var run = Runs.For().WithModel(ReplayedModel.Text("Hel", "lo", " there"));
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        var sink = new SseEventWriter(Json).Sink<ResponseStreamEvent>(
            context.Response,
            ResponsesJson.EventType,
            (writer, e) =>
            {
                if (breaks(e))
                {
                    throw new InvalidOperationException("boom: a serializer bug");
                }

                JsonSerializer.Serialize(writer, e, Json);
            });
        await Executors.Create().RunAsync(Executors.Plan(run), sink, CancellationToken.None);
        return (context, SseFrame.ParseAll(Encoding.UTF8.GetString(body.ToArray())).ToList());
    }

    [Fact]
    public async Task A_sink_failure_after_the_first_frame_ends_the_stream_with_response_failed()
    {
        var (context, frames) = await WriteRunAsync(e => e is ResponseTextDeltaEvent { Delta: "lo" });

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
             "response.output_text.delta", "response.failed"],
            frames.Select(f => f.Event));
        // Numbered right after the last frame the client got: no gap where the broken event was.
        Assert.Equal(Enumerable.Range(0, frames.Count), frames.Select(f => (int)f.Json["sequence_number"]!));
        var response = frames[^1].Json["response"]!;
        Assert.Equal("failed", (string?)response["status"]);
        Assert.Equal("server_error", (string?)response["error"]!["code"]);
        Assert.DoesNotContain("boom", (string?)response["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sink_failure_on_the_terminal_event_still_ends_with_response_failed()
    {
        var (_, frames) = await WriteRunAsync(e => e is ResponseCompletedEvent);

        Assert.Equal("response.output_item.done", frames[^2].Event);
        Assert.Equal("response.failed", frames[^1].Event);
        Assert.Equal(Enumerable.Range(0, frames.Count), frames.Select(f => (int)f.Json["sequence_number"]!));
    }

    [Fact]
    public async Task A_failure_before_any_frame_is_thrown_for_an_error_status()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => WriteRunAsync(e => e is ResponseCreatedEvent));
    }
}
