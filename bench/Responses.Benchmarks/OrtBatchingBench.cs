using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML.OnnxRuntimeGenAI;
using Responses.Inference.Ort;
using Responses.Server.Runs;
using static Responses.Benchmarks.OgaEngineApi;

namespace Responses.Benchmarks;

/// <summary>
/// ORT GenAI's ways to run N greedy generations at once, in process, on N distinct prompts: N generators on N
/// threads (ONNX Runtime's default intra-op threads, then one each), one generator with batch_size N (padded
/// prompts, what the server's static batches do), and ORT GenAI's Engine with static batching (its C API, no C#
/// wrapper yet). Each row says whether every sequence's tokens equal its generation alone.
/// </summary>
internal static class OrtBatchingBench
{
    /// <param name="CpuMsPerToken">The process's CPU time (every thread) per generated token: the work a token costs,
    /// which a machine shared with other load does not skew the way it skews wall time.</param>
    public sealed record Row(string Path, int Count, double TokensPerSecond, double CpuMsPerToken, bool SameAsAlone);

    public static IReadOnlyList<Row> Run(string folder, int[][] prompts, int tokens, IReadOnlyList<int> counts)
    {
        using var model = Load(folder, null);
        using var singleThreaded = Load(folder, 1);
        var alone = prompts.Select(p => Batch(model, [p], tokens)[0]).ToArray();
        var rows = new List<Row>();
        foreach (var n in counts)
        {
            var subset = prompts[..n];
            bool Same(List<int>[] outputs) => outputs.Select((o, i) => o.SequenceEqual(alone[i])).All(x => x);
            rows.Add(Time("N generators on N threads", n, () => Threads(model, subset, tokens), Same));
            rows.Add(Time("N generators on N threads, intra_op_num_threads 1", n, () => Threads(singleThreaded, subset, tokens), Same));
            rows.Add(Time("one generator, batch_size N (padded)", n, () => Batch(model, subset, tokens), Same));
            rows.Add(Time("ORT GenAI Engine, static batching", n, () => Engine(folder, subset, tokens), Same));
            Console.Error.WriteLine($"  {n}: {string.Join(", ", rows.TakeLast(4).Select(r => $"{r.TokensPerSecond:F0}"))} tok/s");
        }
        return rows;
    }

    public static string Render(IReadOnlyList<Row> rows, int tokens)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Batching in process (ORT GenAI, no server), N greedy generations of {tokens} tokens at once on distinct prompts:");
        text.AppendLine();
        text.AppendLine("| path | N | aggregate tok/s | vs the same path at N=1 | CPU ms per token | every sequence as alone |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in rows)
        {
            var one = rows.FirstOrDefault(o => o.Path == r.Path && o.Count == 1) ?? r;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Path} | {r.Count} | {r.TokensPerSecond:F0} | {r.TokensPerSecond / one.TokensPerSecond:F2} | {r.CpuMsPerToken:F1} | {(r.SameAsAlone ? "yes" : "no")} |");
        }
        return text.ToString();
    }

    private static Row Time(string path, int n, Func<List<int>[]> run, Func<List<int>[], bool> same)
    {
        run(); // warm-up
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var outputs = run();
        var tokens = outputs.Sum(o => o.Count);
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        return new Row(path, n, tokens / clock.Elapsed.TotalSeconds, cpuMs / tokens, same(outputs));
    }

    private static Model Load(string folder, int? intraOpThreads)
    {
        using var config = new Config(folder);
        config.ClearProviders();
        if (intraOpThreads is { } threads)
            config.Overlay($"{{\"model\":{{\"decoder\":{{\"session_options\":{{\"intra_op_num_threads\":{threads}}}}}}}}}");
        return new Model(config);
    }

    private static GeneratorParams Parameters(Model model, int batch, int maxLength)
    {
        var parameters = new GeneratorParams(model);
        parameters.SetSearchOption("batch_size", batch);
        parameters.SetSearchOption("max_length", maxLength);
        parameters.SetSearchOption("do_sample", false);
        parameters.SetSearchOption("random_seed", 0);
        return parameters;
    }

    private static List<int>[] Threads(Model model, int[][] prompts, int tokens)
    {
        var outputs = prompts.Select(_ => new List<int>(tokens)).ToArray();
        var threads = prompts.Select((prompt, i) => new Thread(() =>
        {
            using var parameters = Parameters(model, 1, prompt.Length + tokens);
            using var generator = new Generator(model, parameters);
            generator.AppendTokens(prompt);
            while (!generator.IsDone())
            {
                generator.GenerateNextToken();
                outputs[i].Add(generator.GetNextTokens()[0]);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return outputs;
    }

    /// <summary>One padded generator; each sequence is read up to its own prompt + tokens, as the server's rows are.</summary>
    private static List<int>[] Batch(Model model, int[][] prompts, int tokens)
    {
        using var parameters = Parameters(model, prompts.Length, prompts.Max(p => p.Length) + tokens);
        using var generator = new Generator(model, parameters);
        using (var sequences = OrtNative.CreateSequences(prompts))
            generator.AppendTokenSequences(sequences);
        var outputs = prompts.Select(_ => new List<int>(tokens)).ToArray();
        while (!generator.IsDone() && outputs.Any(o => o.Count < tokens))
        {
            generator.GenerateNextToken();
            var next = generator.GetNextTokens();
            for (var i = 0; i < prompts.Length; i++)
            {
                if (outputs[i].Count < tokens)
                    outputs[i].Add(next[i]);
            }
        }
        return outputs;
    }

    private static unsafe List<int>[] Engine(string folder, int[][] prompts, int tokens)
    {
        Check(OgaCreateConfig(folder, out var config));
        IntPtr model;
        try
        {
            Check(OgaConfigClearProviders(config));
            Check(OgaConfigOverlay(config, $"{{\"engine\":{{\"static_batching\":{{\"max_batch_size\":{prompts.Length}}}}}}}"));
            Check(OgaCreateModelFromConfig(config, out model));
        }
        finally
        {
            OgaDestroyConfig(config);
        }
        Check(OgaCreateEngine(model, out var engine));
        OgaDestroyModel(model); // the engine holds it
        var requests = new IntPtr[prompts.Length];
        Check(OgaCreateEngineEventBuffer(engine, 64, out var buffer));
        try
        {
            for (var i = 0; i < prompts.Length; i++)
            {
                Check(OgaCreateRequestOptions(out var requestOptions));
                Check(OgaRequestOptionsSetMaxSessionTokens(requestOptions, (ulong)(prompts[i].Length + tokens)));
                Check(OgaEngineCreateRequest(engine, requestOptions, out requests[i]));
                OgaDestroyRequestOptions(requestOptions);
                Check(OgaRequestCreateTurnOptions(requests[i], out var turn));
                Check(OgaTurnOptionsSetMaxGeneratedTokens(turn, (ulong)tokens));
                fixed (int* ids = prompts[i])
                    Check(OgaRequestBeginTurn(requests[i], turn, ids, (ulong)prompts[i].Length, out _));
                OgaDestroyTurnOptions(turn);
            }
            var outputs = prompts.Select(_ => new List<int>(tokens)).ToArray();
            for (var finished = 0; finished < prompts.Length;)
            {
                Check(OgaEngineRun(engine, buffer));
                for (nuint e = 0; e < OgaEngineEventBufferGetCount(buffer); e++)
                {
                    var item = OgaEngineEventBufferGet(buffer, e);
                    Check(OgaEngineEventGetFlags(item, out var flags));
                    if ((flags & FlagFailed) != 0)
                        throw new InvalidOperationException("An Engine request failed.");
                    Check(OgaEngineEventGetRequest(item, out var request));
                    var row = Array.IndexOf(requests, request);
                    if ((flags & FlagToken) != 0)
                    {
                        Check(OgaEngineEventGetToken(item, out var token));
                        outputs[row].Add(token);
                    }
                    finished += (flags & FlagTurnFinished) != 0 ? 1 : 0;
                }
            }
            return outputs;
        }
        finally
        {
            foreach (var request in requests.Where(r => r != IntPtr.Zero))
            {
                OgaRequestClose(request);
                OgaDestroyRequest(request);
            }
            OgaDestroyEngineEventBuffer(buffer);
            OgaDestroyEngine(engine);
        }
    }
}
