using System.Diagnostics;
using System.Globalization;
using System.Text;
using Responses.Server.Runs;

namespace Responses.Benchmarks;

/// <summary>
/// N streaming clients at once against the server process: each round starts N requests together and waits for all;
/// aggregate tokens/s is the round's output tokens over its wall time, latency is each request's total.
/// </summary>
internal static class ConcurrencyBench
{
    /// <param name="CpuMsPerToken">The server's CPU time over the timed rounds per token they generated; NaN when not measured.</param>
    public sealed record Row(int Clients, double TokensPerSecond, double P50Ms, double P99Ms, double FirstTextP50Ms, int Requests, double CpuMsPerToken = double.NaN);

    /// <param name="inputs">Client i sends inputs[i % count]: one input for all, or distinct prompts (of distinct lengths).</param>
    /// <param name="serverCpu">The server process's CPU time so far, or null to leave it unmeasured.</param>
    public static async Task<IReadOnlyList<Row>> RunAsync(
        ServerBench client, IReadOnlyList<string> inputs, int maxTokens, IReadOnlyList<int> clientCounts, int runs, Func<TimeSpan>? serverCpu = null)
    {
        var rows = new List<Row>();
        foreach (var clients in clientCounts)
        {
            Console.Error.Write($"  {clients} client(s): warm-up");
            await Round(client, inputs, maxTokens, clients);
            var rates = new List<double>(runs);
            var requests = new List<Measurement>();
            var cpuBefore = serverCpu?.Invoke();
            for (var i = 0; i < runs; i++)
            {
                var (wall, results) = await Round(client, inputs, maxTokens, clients);
                rates.Add(results.Sum(r => r.OutputTokens) / wall.TotalSeconds);
                requests.AddRange(results);
                Console.Error.Write($" {wall.TotalMilliseconds:F0}ms/{results.Sum(r => r.OutputTokens)}t");
            }

            Console.Error.WriteLine();
            var totals = requests.Select(r => r.Total.TotalMilliseconds).ToArray();
            rows.Add(new Row(
                clients,
                Percentile(rates, 0.5),
                Percentile(totals, 0.5),
                Percentile(totals, 0.99),
                Percentile(requests.Select(r => r.FirstText.TotalMilliseconds), 0.5),
                requests.Count,
                cpuBefore is { } before ? (serverCpu!() - before).TotalMilliseconds / requests.Sum(r => r.OutputTokens) : double.NaN));
        }

        return rows;
    }

    private static async Task<(TimeSpan Wall, Measurement[] Results)> Round(ServerBench client, IReadOnlyList<string> inputs, int maxTokens, int clients)
    {
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => client.StreamAsync(inputs[i % inputs.Count], maxTokens))));
        return (clock.Elapsed, results);
    }

    /// <summary>Nearest-rank percentile (p 0.5 of an even count is the upper middle; p 0.99 of few samples is the max).</summary>
    internal static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Render(IReadOnlyList<Row> rows, int promptTokens, int maxTokens, int maxConcurrency, int maxBatchSize)
    {
        var one = rows.FirstOrDefault(r => r.Clients == 1) ?? rows[0];
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Concurrent clients, server SSE, {promptTokens}-token prompt, max {maxTokens} new tokens, greedy; the server's defaults: static batches of up to {maxBatchSize} requests that arrive while others run (`--batching` compares one generator per request), MaxConcurrency {maxConcurrency}:");
        text.AppendLine();
        text.AppendLine($"| clients | aggregate tok/s | vs {one.Clients} client | p50 latency (ms) | p99 latency (ms) | p50 first text (ms) | requests |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Clients} | {r.TokensPerSecond:F0} | {r.TokensPerSecond / one.TokensPerSecond:F2} | {r.P50Ms:F1} | {r.P99Ms:F1} | {r.FirstTextP50Ms:F1} | {r.Requests} |");
        }

        return text.ToString();
    }
}
