using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Api;
using Responses.Server.Api.WebSockets;
using Responses.Server.Ids;
using Responses.Server.Runs;
using Responses.Server.Runs.Responses;

namespace Responses.Benchmarks;

/// <summary>
/// What a stream event costs on each transport (<c>--transport</c>). In process: the server's two sinks, SSE
/// (<see cref="SseEventWriter"/>) and WebSocket (<see cref="WebSocketFrameWriter"/> over a server-side WebSocket),
/// writing one real generation's events into a stream that only counts bytes: CPU time, wire bytes and allocations
/// per event, the JSON being the same bytes in both. Over loopback: the same request to the server process as an SSE
/// POST and as a turn on an open WebSocket, wall time per event.
/// </summary>
internal static class TransportBench
{
    public sealed record SinkRow(string Transport, int Events, double NsPerEvent, double BytesPerEvent, double FramingBytesPerEvent, double AllocatedPerEvent);

    public sealed record WireRow(string Transport, Summary Summary, int Events)
    {
        public double MsPerEvent => Summary.TotalMs / Events;
    }

    public static async Task<IReadOnlyList<SinkRow>> SinksAsync(EngineBench engine, RenderedPrompt prompt, int tokens, int runs)
    {
        var sampling = new SamplingSettings(tokens, Temperature: 0, TopP: 1);
        var outputs = new List<OutputEvent>();
        await foreach (var output in engine.Model.GenerateAsync(prompt, sampling, CancellationToken.None))
            outputs.Add(output);

        var json = ApiJson.CreateOptions();
        var ids = new RandomIdGenerator();
        var run = new ResponseRun(
            new CreateResponse { Model = engine.Info.Id, Input = "bench" },
            new Run(engine.Model, prompt, sampling, ids.NewId("resp"), DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var events = new List<ResponseStreamEvent>();
        AllocationBench.Build(run, ids, outputs, events.Add);
        long payload = events.Sum(e => (long)JsonSerializer.SerializeToUtf8Bytes(e, json).Length);
        // Enough passes over the events that one timing is tens of milliseconds, well above the clock's grain.
        var passes = Math.Max(1, 50_000 / events.Count);

        var sse = new SseEventWriter(json);
        var sseRow = await MeasureAsync("SSE", events, payload, passes, runs, async counting =>
        {
            var context = new DefaultHttpContext();
            context.Response.Body = counting;
            await sse.WriteAsync(
                context.Response, Replay(events), ResponsesJson.EventType, (writer, e) => StreamEventJson.Write(writer, e, json), CancellationToken.None);
        });
        var socketRow = await MeasureAsync("WebSocket", events, payload, passes, runs, async counting =>
        {
            using var socket = WebSocket.CreateFromStream(counting, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
            using var frames = new WebSocketFrameWriter(socket, json);
            foreach (var e in events)
                await frames.SendAsync(e, CancellationToken.None);
        });
        return [sseRow, socketRow];
    }

    /// <remarks>The two alternate, run by run, so a neighbour's load on a shared machine falls on both alike.</remarks>
    public static async Task<IReadOnlyList<WireRow>> WireAsync(ServerBench client, string input, int tokens, int runs)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(client.WebSocketAddress, CancellationToken.None);
        Console.Error.Write("  SSE / WebSocket: warm-up");
        await client.StreamAsync(input, tokens);
        await client.WebSocketAsync(socket, input, tokens);
        var sse = new List<Measurement>(runs);
        var overSocket = new List<Measurement>(runs);
        for (var i = 0; i < runs; i++)
        {
            // Which goes first alternates too: the second of a pair ran slower in trials, whichever it was.
            if (i % 2 == 0)
            {
                sse.Add(await client.StreamAsync(input, tokens));
                overSocket.Add(await client.WebSocketAsync(socket, input, tokens));
            }
            else
            {
                overSocket.Add(await client.WebSocketAsync(socket, input, tokens));
                sse.Add(await client.StreamAsync(input, tokens));
            }

            Console.Error.Write($" {sse[^1].Total.TotalMilliseconds:F0}/{overSocket[^1].Total.TotalMilliseconds:F0}ms");
        }

        Console.Error.WriteLine();
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        return
        [
            new WireRow("SSE (a POST per response)", Summary.Of("SSE", sse), sse[0].Events),
            new WireRow("WebSocket (turns on one connection)", Summary.Of("WebSocket", overSocket), overSocket[0].Events),
        ];
    }

    public static string Render(IReadOnlyList<SinkRow> sinks, IReadOnlyList<WireRow> wire)
    {
        var text = new StringBuilder();
        text.AppendLine("Per-event cost of the transports (--transport; median of the runs):");
        text.AppendLine();
        text.AppendLine("In process, the sink alone (the same JSON into a byte-counting stream):");
        text.AppendLine();
        text.AppendLine("| sink | events | CPU ns per event | wire bytes per event | framing bytes per event | allocated bytes per event |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in sinks)
            text.AppendLine($"| {row.Transport} | {row.Events} | {row.NsPerEvent:N0} | {row.BytesPerEvent:N1} | {row.FramingBytesPerEvent:N1} | {row.AllocatedPerEvent:N1} |");
        text.AppendLine();
        text.AppendLine("Over loopback, the server process, the same greedy request (generation included):");
        text.AppendLine();
        text.AppendLine("| transport | events | total ms | ms per event | tokens/s |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var row in wire)
            text.AppendLine($"| {row.Transport} | {row.Events} | {row.Summary.TotalMs:F1} | {row.MsPerEvent:F3} | {row.Summary.TokensPerSecond:F0} |");
        text.AppendLine();
        text.AppendLine($"WebSocket minus SSE: {(sinks[1].NsPerEvent - sinks[0].NsPerEvent) / 1000:F2} µs CPU and {sinks[1].BytesPerEvent - sinks[0].BytesPerEvent:F1} bytes per event in the sink; {(wire[1].MsPerEvent - wire[0].MsPerEvent) * 1000:F1} µs per event end to end.");
        return text.ToString();
    }

    private static async Task<SinkRow> MeasureAsync(string name, List<ResponseStreamEvent> events, long payload, int passes, int runs, Func<Stream, Task> write)
    {
        var counting = new CountingStream();
        await write(counting); // warm-up, and the bytes of one pass
        var bytes = counting.Written;
        var times = new List<double>(runs);
        var allocations = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            for (var pass = 0; pass < passes; pass++)
                await write(counting);
            times.Add(clock.Elapsed.TotalNanoseconds / passes / events.Count);
            allocations.Add((GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)passes / events.Count);
        }

        return new SinkRow(name, events.Count, Median(times), (double)bytes / events.Count, (double)(bytes - payload) / events.Count, Median(allocations));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

#pragma warning disable CS1998 // an async iterator over a list, as the run's event stream is
    private static async IAsyncEnumerable<ResponseStreamEvent> Replay(List<ResponseStreamEvent> events)
    {
        foreach (var e in events)
            yield return e;
    }
#pragma warning restore CS1998

    /// <summary>A write-only stream that keeps nothing but the count.</summary>
    private sealed class CountingStream : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => 0;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Written += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
