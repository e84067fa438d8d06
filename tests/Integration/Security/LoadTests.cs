using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Responses.Server.Runs;
using Responses.Tests.Support;
using Xunit.Abstractions;

namespace Responses.Tests.Integration.Security;

/// <summary>
/// A bounded load on a real server process on 127.0.0.1: 16 clients at once, mixing JSON and streams, stored and
/// not, chains, and streams the client abandons. Zero unexpected errors; every Response valid against OpenAI's
/// schema; p50/p99 latency and the server's RSS before and after in the output. 100 requests by default (CI);
/// RESPONSES_LOAD_REQUESTS=1000 for the full run.
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Clients = 16;

    [Fact]
    public async Task Sixteen_clients_mixing_streams_chains_and_aborts_get_no_unexpected_error()
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable("RESPONSES_LOAD_REQUESTS"), CultureInfo.InvariantCulture, out var n) ? n : 100;
        var store = Path.Combine(Path.GetTempPath(), "responses-tests", $"load-{Guid.NewGuid():N}.db");
        var server = await ServerChildProcess.StartAsync("--store", $"sqlite:{store}", "--queue", "64");
        try
        {
            await RunAsync(server, total);
        }
        finally
        {
            server.Dispose();
            foreach (var file in new[] { store, store + "-wal", store + "-shm" }.Where(File.Exists))
                File.Delete(file);
        }
    }

    private async Task RunAsync(ServerChildProcess server, int total)
    {
        Assert.Null((await Send(server.Client, 0, null)).Error); // warm-up: the first request pays for JIT
        var rssBefore = RssKiB(server.ProcessId);
        var latencies = new List<double>();
        var errors = new List<string>();
        var counts = new Dictionary<string, int>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            string? last = null;
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = await Send(server.Client, i, last);
                lock (errors)
                {
                    counts[outcome.Kind] = counts.GetValueOrDefault(outcome.Kind) + 1;
                    if (outcome.Error is { } error)
                        errors.Add($"#{i} {outcome.Kind}: {error}");
                    else if (outcome.Kind != "aborted")
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                last = outcome.StoredId ?? last;
            }
        })));
        var elapsed = clock.Elapsed;
        var rssAfter = RssKiB(server.ProcessId);

        latencies.Sort();
        output.WriteLine($"{total} requests, {Clients} clients, {elapsed.TotalSeconds:F1} s: " + string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        output.WriteLine($"latency p50 {Percentile(latencies, 0.50):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms; errors {errors.Count}");
        output.WriteLine($"server RSS {rssBefore / 1024} MiB before, {rssAfter / 1024} MiB after");
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));
        var check = await Send(server.Client, 0, null);
        Assert.Null(check.Error);
    }

    private sealed record Outcome(string Kind, string? Error = null, string? StoredId = null);

    /// <summary>Request <paramref name="i"/> of the mix: 0 JSON unstored, 1 stream stored, 2 JSON chained, 3 stream chained, 4 a stream abandoned.</summary>
    private static async Task<Outcome> Send(HttpClient client, int i, string? previous)
    {
        var kind = (i % 5) switch { 0 => "json", 1 => "stream", 2 => "json-chain", 3 => "stream-chain", _ => "aborted" };
        var chain = kind.EndsWith("chain", StringComparison.Ordinal) && previous is not null ? $",\"previous_response_id\":\"{previous}\"" : "";
        var stream = kind.StartsWith("stream", StringComparison.Ordinal) || kind == "aborted";
        var body = $$"""{"model":"{{Api.Model}}","input":"Request {{i}}: say something.","max_output_tokens":16,"temperature":0,"store":{{(kind == "json" ? "false" : "true")}},"stream":{{(stream ? "true" : "false")}}{{chain}}}""";
        using var abort = new CancellationTokenSource();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = Api.Json(body) };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, abort.Token);
            if (response.StatusCode != HttpStatusCode.OK)
                return new(kind, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (kind == "aborted")
            {
                // Read the first frame, then walk away mid-stream.
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(abort.Token));
                await SseFrame.ReadAsync(reader);
                await abort.CancelAsync();
                return new(kind);
            }

            var text = await response.Content.ReadAsStringAsync();
            var result = stream ? SseFrame.ParseAll(text)[^1].Json["response"]! : JsonNode.Parse(text)!;
            if ((string?)result["status"] is not ("completed" or "incomplete"))
                return new(kind, $"status {(string?)result["status"]}");
            if (RepositoryPaths.OpenAISchemas is not null)
                OpenAISchemas.AssertValid("Response", result);
            return new(kind, StoredId: kind == "json" ? null : (string?)result["id"]);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            return new(kind);
        }
        catch (Exception exception)
        {
            return new(kind, exception.GetType().Name + ": " + exception.Message);
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static long RssKiB(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(line => line.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();
}
