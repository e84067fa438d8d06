using System.Globalization;
using System.Text;

namespace Responses.Benchmarks;

/// <summary>
/// Batching against one generator per request, on the server: the concurrent-clients scenario on a fresh server
/// process per setting, in one run, with distinct prompts of distinct lengths (so a batch pads them, as real
/// traffic would). The prompt cache is off: the rounds resend the same prompts, and a cache hit runs alone.
/// </summary>
internal static class BatchingScenario
{
    public sealed record Variant(string Label, string[] Arguments);

    public sealed record Result(Variant Variant, IReadOnlyList<ConcurrencyBench.Row> Rows, string Load);

    public static IReadOnlyList<Variant> Variants { get; } =
    [
        new("one generator per request, MaxConcurrency 2", ["--Inference:MaxBatchSize", "1", "--Scheduler:MaxConcurrency", "2"]),
        new("one generator per request, MaxConcurrency 4", ["--Inference:MaxBatchSize", "1", "--Scheduler:MaxConcurrency", "4"]),
        new("one generator per request, MaxConcurrency 8", ["--Inference:MaxBatchSize", "1", "--Scheduler:MaxConcurrency", "8"]),
        new("static batches (MaxBatchSize 8), MaxConcurrency 8 (the default)", ["--Inference:MaxBatchSize", "8", "--Scheduler:MaxConcurrency", "8"]),
    ];

    /// <summary>Client i's prompt: the story request, i sentences longer.</summary>
    public static IReadOnlyList<string> Inputs(string story, int count) =>
        Enumerable.Range(0, count).Select(i => story + string.Concat(Enumerable.Repeat(" Make it a little longer.", i))).ToArray();

    public static async Task<IReadOnlyList<Result>> RunAsync(
        string serverDll, string? modelPath, string scratch, HttpClient http, string modelId, IReadOnlyList<string> inputs, int maxTokens,
        IReadOnlyList<int> clientCounts, int runs)
    {
        var results = new List<Result>();
        foreach (var variant in Variants)
        {
            Console.Error.WriteLine($"Batching: {variant.Label}");
            using var server = await ServerProcess.StartAsync(serverDll, modelPath, scratch, http, [.. variant.Arguments, "--Inference:PromptCacheEntries", "0"]);
            var before = LoadAverage();
            var rows = await ConcurrencyBench.RunAsync(new ServerBench(http, server.BaseAddress, modelId), inputs, maxTokens, clientCounts, runs, server.CpuTime);
            results.Add(new Result(variant, rows, $"{before} -> {LoadAverage()}"));
        }
        return results;
    }

    public static string Render(IReadOnlyList<Result> results, int minPromptTokens, int maxPromptTokens, int maxTokens)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Batching, server SSE, N clients at once with distinct prompts ({minPromptTokens}-{maxPromptTokens} tokens), max {maxTokens} new tokens, greedy, prompt cache off; a fresh server per setting, same run:");
        text.AppendLine();
        text.AppendLine("| server | clients | aggregate tok/s | vs 1 client | p50 latency (ms) | p99 latency (ms) | p50 first text (ms) | server CPU ms per token | load average (1 min) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var result in results)
        {
            var one = result.Rows.FirstOrDefault(r => r.Clients == 1) ?? result.Rows[0];
            foreach (var r in result.Rows)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {result.Variant.Label} | {r.Clients} | {r.TokensPerSecond:F0} | {r.TokensPerSecond / one.TokensPerSecond:F2} | {r.P50Ms:F0} | {r.P99Ms:F0} | {r.FirstTextP50Ms:F0} | {r.CpuMsPerToken:F1} | {(r == one ? result.Load : "")} |");
            }
        }
        return text.ToString();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
