using System.Diagnostics;
using Responses.Inference.EmbeddedModel;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Bench;

/// <summary>
/// CI's quick smoke of bench/Responses.Benchmarks: the real console app with tiny settings (a few seconds), checked
/// only for its tables. Timings are the bench's business, never asserted here.
/// </summary>
public sealed class BenchSmokeTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task The_bench_with_tiny_settings_prints_every_table()
    {
        // Built by this project's reference to the bench (ReferenceOutputAssembly false), in the same configuration,
        // beside the server build it launches.
        var dll = Path.Combine(RepositoryPaths.Root, "bench", "Responses.Benchmarks", "bin", Configuration, "net10.0", "Responses.Benchmarks.dll");
        Assert.True(File.Exists(dll), $"No bench build at {dll}.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "--tokens", "16", "--runs", "1", "--prefill-tokens", "64", "--clients", "1,2" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var report = await stdout;
        Assert.True(process.ExitCode == 0, $"The bench exited with {process.ExitCode}: {await stderr}");
        Assert.Contains("| path | output tokens | tok/s | vs raw engine |", report);
        Assert.Contains("| server SSE |", report);
        Assert.Contains("| path | time to first token (ms) | vs raw engine | decode after it (ms per token) |", report);
        Assert.Contains("grammar cost per token", report);
        Assert.Contains("| follow-up prompt tokens | engine without cache (ms) | engine with cache (ms) | with / without | server without cache (ms) | server with cache (ms) |", report);
        Assert.Matches(@"\| server with cache \(ms\) \| with / without \|\n\| ---: \| ---: \| ---: \| ---: \| ---: \| ---: \| ---: \|\n\| \d+ \| [\d.]+ \| [\d.]+ \| [\d.]+ % \| [\d.]+ \| [\d.]+ \| [\d.]+ % \|", report);
        Assert.Contains("| clients | aggregate tok/s | vs 1 client | p50 latency (ms) | p99 latency (ms) |", report);
        Assert.Matches(@"\n\| 2 \| \d+ \| \d+\.\d\d \|", report);
    }

    [Fact]
    public void The_bench_size_model_is_a_different_folder_with_tens_of_millions_of_parameters()
    {
        var embedded = new EmbeddedModelWriter();
        var bench = EmbeddedModelWriter.ForBenchmark();
        Assert.StartsWith(EmbeddedModelWriter.ModelId + "-v", Path.GetFileName(embedded.FolderIn("/tmp/x")));
        Assert.StartsWith(EmbeddedModelWriter.BenchmarkModelId + "-v", Path.GetFileName(bench.FolderIn("/tmp/x")));
        var parameters = bench.ParameterCount(EmbeddedModelWriter.VocabularySize);
        Assert.InRange(parameters, 10_000_000, 150_000_000);
        Assert.True(embedded.ParameterCount(EmbeddedModelWriter.VocabularySize) < 1_000_000);
    }
}
