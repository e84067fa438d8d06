using System.Buffers;
using System.Text;
using System.Text.Json;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Api;
using Responses.Server.Ids;
using Responses.Server.Runs;
using Responses.Server.Runs.Responses;

namespace Responses.Benchmarks;

/// <summary>
/// Bytes allocated per generated token on the serving path, in process (<c>--allocations</c>): the raw engine's
/// loop (worker thread, detokenizer, parser, channel), then, on the output events that loop produced, the server's
/// <see cref="ResponseEventBuilder"/> alone and the builder with every event serialized as the SSE sink does
/// (one <see cref="Utf8JsonWriter"/> re-pointed at a reused buffer, the frame's bytes discarded). Counted with
/// <see cref="GC.GetTotalAllocatedBytes(bool)"/> (all threads, precise), median of the runs.
/// </summary>
internal static class AllocationBench
{
    public sealed record Row(string Path, long BytesPerRun, int Tokens)
    {
        public double BytesPerToken => Tokens == 0 ? 0 : (double)BytesPerRun / Tokens;
    }

    public static async Task<IReadOnlyList<Row>> RunAsync(EngineBench engine, RenderedPrompt prompt, int tokens, int runs)
    {
        var sampling = new SamplingSettings(tokens, Temperature: 0, TopP: 1);
        var outputs = new List<OutputEvent>();
        await foreach (var output in engine.Model.GenerateAsync(prompt, sampling, CancellationToken.None))
            outputs.Add(output);
        var generated = outputs.OfType<GenerationFinished>().Single().Usage.OutputTokens;

        var engineBytes = await MedianAsync(runs, async () =>
        {
            await foreach (var _ in engine.Model.GenerateAsync(prompt, sampling, CancellationToken.None))
            {
            }
        });

        var json = ApiJson.CreateOptions();
        var ids = new RandomIdGenerator();
        var run = new ResponseRun(
            new CreateResponse { Model = engine.Info.Id, Input = "bench" },
            new Run(engine.Model, prompt, sampling, ids.NewId("resp"), DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var writer = new Utf8JsonWriter(Stream.Null, new JsonWriterOptions { Encoder = json.Encoder, SkipValidation = true });

        var builderBytes = await MedianAsync(runs, () =>
        {
            Build(run, ids, outputs, static _ => { });
            return Task.CompletedTask;
        });
        var serializedBytes = await MedianAsync(runs, () =>
        {
            Build(run, ids, outputs, e =>
            {
                buffer.ResetWrittenCount();
                // The SSE frame's event line, as SseFormatter writes it.
                Encoding.UTF8.GetBytes(ResponsesJson.EventType(e), buffer);
                writer.Reset(buffer);
                StreamEventJson.Write(writer, e, json);
                writer.Flush();
            });
            return Task.CompletedTask;
        });

        return
        [
            new Row("raw engine (GenerateAsync loop)", engineBytes, generated),
            new Row("ResponseEventBuilder (on those events)", builderBytes, generated),
            new Row("ResponseEventBuilder + SSE serialization", serializedBytes, generated),
        ];
    }

    public static string Render(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("Allocations per generated token (in process, GC.GetTotalAllocatedBytes, median):");
        text.AppendLine();
        text.AppendLine("| path | tokens | bytes per generation | bytes per token |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var row in rows)
            text.AppendLine($"| {row.Path} | {row.Tokens} | {row.BytesPerRun:N0} | {row.BytesPerToken:N0} |");
        return text.ToString();
    }

    internal static void Build(ResponseRun run, IIdGenerator ids, List<OutputEvent> outputs, Action<ResponseStreamEvent> sink)
    {
        var builder = new ResponseEventBuilder(run, ids, TimeProvider.System);
        sink(builder.Created());
        sink(builder.InProgress());
        var events = new List<ResponseStreamEvent>(8);
        foreach (var output in outputs)
        {
            builder.Apply(output, events);
            foreach (var e in events)
                sink(e);
            events.Clear();
        }
    }

    private static async Task<long> MedianAsync(int runs, Func<Task> action)
    {
        await action(); // warm-up
        var results = new List<long>(runs);
        for (var i = 0; i < runs; i++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            await action();
            results.Add(GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        results.Sort();
        return results[results.Count / 2];
    }
}
