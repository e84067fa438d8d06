using System.Diagnostics;
using System.Globalization;
using System.Text;
using Responses.Inference;

namespace Responses.Benchmarks;

/// <summary>
/// What serving adds to the bare ORT GenAI loop and to the raw engine (<c>--overhead</c>): the first delta's gap to their first token,
/// the fixed cost of a short (16-token) request with the store off and on, and the decode ratio of a long one, JSON
/// and SSE. Each round runs every path, one after the other (each twice: an unmeasured run, then the measured one),
/// so a load that comes and goes on a shared machine touches them alike; the report keeps the medians over the
/// rounds. Wall times on a shared machine move with the
/// load of other processes, so the CPU time each path used (its process's, all threads: the bench's own for the raw
/// engine, the server's for the served paths) is reported too: the mean over the rounds (the kernel counts it in
/// 10 ms ticks, so single requests cannot be told apart, but a sum over rounds can).
/// </summary>
internal static class OverheadBench
{
    private const int ShortTokens = 16;


    /// <param name="Paths">The median of each path over the rounds.</param>
    /// <param name="Best">The fastest round of each path: what serving costs when no other process takes the cores.</param>
    /// <param name="CpuMs">The mean CPU time of one run of each path, in ms.</param>
    public sealed record Result(
        int Rounds,
        int LongTokens,
        IReadOnlyDictionary<string, Summary> Paths,
        IReadOnlyDictionary<string, Summary> Best,
        IReadOnlyDictionary<string, double> CpuMs,
        string LoadBefore,
        string LoadAfter);

    public static async Task<Result> RunAsync(
        OrtDirectBench direct, EngineBench engine, RenderedPrompt prompt, ServerBench server, ServerProcess process, string input, int longTokens, int rounds)
    {
        Func<TimeSpan> own = () => Process.GetCurrentProcess().TotalProcessorTime;
        Func<TimeSpan> served = process.CpuTime;
        var paths = new (string Name, Func<Task<Measurement>> Measure, Func<TimeSpan> Cpu)[]
        {
            ("direct 16", () => Task.FromResult(direct.Generate(prompt.TokenIds, ShortTokens)), own),
            ("raw 16", () => engine.GenerateAsync(prompt, ShortTokens), own),
            ("JSON 16, store off", () => server.JsonAsync(input, ShortTokens, store: false), served),
            ("JSON 16, store on", () => server.JsonAsync(input, ShortTokens, store: true), served),
            ("SSE 16, store off", () => server.StreamAsync(input, ShortTokens, store: false), served),
            ("direct long", () => Task.FromResult(direct.Generate(prompt.TokenIds, longTokens)), own),
            ("raw long", () => engine.GenerateAsync(prompt, longTokens), own),
            ("JSON long, store off", () => server.JsonAsync(input, longTokens, store: false), served),
            ("SSE long, store off", () => server.StreamAsync(input, longTokens, store: false), served),
        };
        var loadBefore = LoadAverage();
        var results = paths.ToDictionary(p => p.Name, _ => new List<Measurement>(rounds));
        var cpu = paths.ToDictionary(p => p.Name, _ => TimeSpan.Zero);
        Console.Error.Write("  overhead: warm-up");
        foreach (var (_, measure, _) in paths)
            await measure();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, measure, cpuTime) in paths)
            {
                // Each measured run follows an unmeasured one of the same path: a run right after another path's is
                // slowed by that path's process (its ORT threads spin on after it ended, the other process's went
                // cold), which would time the order of the paths instead of the paths.
                await measure();
                var before = cpuTime();
                results[name].Add(await measure());
                cpu[name] += cpuTime() - before;
            }

            Console.Error.Write('.');
        }

        Console.Error.WriteLine();
        return new Result(
            rounds, longTokens, results.ToDictionary(r => r.Key, r => Summary.Of(r.Key, r.Value)),
            results.ToDictionary(r => r.Key, r => Best(r.Key, r.Value)),
            cpu.ToDictionary(c => c.Key, c => c.Value.TotalMilliseconds / rounds), loadBefore, LoadAverage());
    }

    public static string Render(Result result)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Serving overhead, {result.Rounds} rounds (load average before: {result.LoadBefore}, after: {result.LoadAfter}); median, and in brackets the fastest round:");
        text.AppendLine();
        text.AppendLine("| measure | ORT GenAI direct | raw engine | served | served - direct | served - raw engine |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        Gap(text, "first delta, SSE, 16 tokens (ms)", result, "SSE 16, store off", "16", s => s.FirstTextMs);
        Gap(text, "16-token request, JSON, store off (ms)", result, "JSON 16, store off", "16", s => s.TotalMs);
        Gap(text, "16-token request, JSON, store on (ms)", result, "JSON 16, store on", "16", s => s.TotalMs);
        Gap(text, "16-token request, SSE, store off (ms)", result, "SSE 16, store off", "16", s => s.TotalMs);
        Ratio(text, $"{result.LongTokens}-token decode, JSON (tok/s)", result, "JSON long, store off");
        Ratio(text, $"{result.LongTokens}-token decode, SSE (tok/s)", result, "SSE long, store off");
        text.AppendLine();
        text.AppendLine("CPU time per request, mean over the rounds (direct and raw engine: the bench process; served: the server process):");
        text.AppendLine();
        text.AppendLine("| request | ORT GenAI direct CPU (ms) | raw engine CPU (ms) | served CPU (ms) | served - direct (ms) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (size, served) in new[]
                 {
                     ("16", "JSON 16, store off"), ("16", "JSON 16, store on"), ("16", "SSE 16, store off"),
                     ("long", "JSON long, store off"), ("long", "SSE long, store off"),
                 })
        {
            var name = served.Replace("long", $"{result.LongTokens}", StringComparison.Ordinal);
            var cpu = result.CpuMs;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {cpu["direct " + size]:F1} | {cpu["raw " + size]:F1} | {cpu[served]:F1} | {cpu[served] - cpu["direct " + size]:+0.0;-0.0} |");
        }

        return text.ToString();
    }

    /// <summary>The fastest run: shortest total, and first text, independently.</summary>
    private static Summary Best(string name, List<Measurement> runs)
    {
        var fastest = runs.MinBy(r => r.Total)!;
        return new Summary(name, fastest.TokensPerSecond, runs.Min(r => r.FirstText.TotalMilliseconds), fastest.Total.TotalMilliseconds, fastest.OutputTokens);
    }

    private static void Gap(StringBuilder text, string name, Result result, string served, string size, Func<Summary, double> value)
    {
        string Cell(string path) => FormattableString.Invariant($"{value(result.Paths[path]):F2} ({value(result.Best[path]):F2})");
        string Difference(string reference) => FormattableString.Invariant(
            $"{value(result.Paths[served]) - value(result.Paths[reference]):+0.00;-0.00} ({value(result.Best[served]) - value(result.Best[reference]):+0.00;-0.00})");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {Cell("direct " + size)} | {Cell("raw " + size)} | {Cell(served)} | {Difference("direct " + size)} | {Difference("raw " + size)} |");
    }

    private static void Ratio(StringBuilder text, string name, Result result, string served)
    {
        string Cell(string path) => FormattableString.Invariant($"{result.Paths[path].TokensPerSecond:F0} ({result.Best[path].TokensPerSecond:F0})");
        string Of(string reference) => FormattableString.Invariant(
            $"{result.Paths[served].TokensPerSecond / result.Paths[reference].TokensPerSecond:F2} x ({result.Best[served].TokensPerSecond / result.Best[reference].TokensPerSecond:F2} x)");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {Cell("direct long")} | {Cell("raw long")} | {Cell(served)} | {Of("direct long")} | {Of("raw long")} |");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
