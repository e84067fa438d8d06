using System.Diagnostics;
using System.Net;
using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>
/// SIGTERM as a process manager sends it, to the real server process: a stream in flight gets a terminal event
/// and the process exits 0 within the grace period (plus the moment the last bytes take).
/// </summary>
public sealed class ShutdownTests
{
    private const double GraceSeconds = 1;

    [UnixFact]
    public async Task Sigterm_during_a_stream_ends_it_with_a_terminal_event_and_exits_0_within_the_grace_period()
    {
        using var server = await ServerChildProcess.StartAsync(
            "--shutdown-grace", GraceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", "memory");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses")
        {
            // Greedy on the embedded model runs to the limit: many seconds, far past the grace period.
            Content = Api.Json($$"""{"model":"{{Api.Model}}","input":"Go on.","max_output_tokens":30000,"temperature":0,"stream":true}"""),
        };
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await SseFrame.ReadAsync(reader) is { } frame && frame.Event != "response.output_text.delta")
        {
        }

        var clock = Stopwatch.StartNew();
        server.Terminate();
        var frames = new List<SseFrame>();
        while (await SseFrame.ReadAsync(reader).WaitAsync(TimeSpan.FromSeconds(30)) is { } frame)
        {
            frames.Add(frame);
        }

        await server.WaitForExitAsync(TimeSpan.FromSeconds(GraceSeconds + 15));
        Assert.True(server.ExitCode == 0, $"exit code {server.ExitCode}\n{server.Log}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(GraceSeconds + 3), $"exited {clock.Elapsed} after SIGTERM\n{server.Log}");

        var last = frames[^1];
        Assert.Equal("response.failed", last.Event);
        Assert.Equal("server_error", (string?)last.Json["response"]!["error"]!["code"]);
        Assert.Contains("shutting down", (string?)last.Json["response"]!["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal(frames[^2].Json["sequence_number"]!.GetValue<int>() + 1, last.Json["sequence_number"]!.GetValue<int>());
    }

    [UnixFact]
    public async Task Sigterm_during_a_batch_ends_every_stream_of_it_with_a_terminal_event_and_exits_0()
    {
        // The default batching, with a batch that forms as soon as its three rows arrived (the window only bounds it);
        // one model run at a time, so the three wait for each other whatever the machine's cores.
        using var server = await ServerChildProcess.StartAsync(
            "--shutdown-grace", GraceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", "memory",
            "--max-concurrency", "4", "--Inference:MaxBatchSize", "3", "--Inference:BatchWindowMilliseconds", "5000", "--Inference:ParallelRuns", "1", "--Logging:LogLevel:Responses.Inference=Debug");
        var streams = new List<StreamReader>();
        // The first keeps the model busy, so the three that follow wait for each other and run as one batch.
        streams.Add(await StartStreamAsync(server.Client, "Go on."));
        streams.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(i => StartStreamAsync(server.Client, $"Tell me story number {i}."))));
        Assert.Contains("Batched 3 requests", server.Log, StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        server.Terminate();
        var lasts = await Task.WhenAll(streams.Select(async reader =>
        {
            SseFrame? last = null;
            while (await SseFrame.ReadAsync(reader).WaitAsync(TimeSpan.FromSeconds(30)) is { } frame)
            {
                last = frame;
            }
            return last!;
        }));

        await server.WaitForExitAsync(TimeSpan.FromSeconds(GraceSeconds + 15));
        Assert.True(server.ExitCode == 0, $"exit code {server.ExitCode}\n{server.Log}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(GraceSeconds + 3), $"exited {clock.Elapsed} after SIGTERM\n{server.Log}");
        Assert.All(lasts, last =>
        {
            Assert.Equal("response.failed", last.Event);
            Assert.Contains("shutting down", (string?)last.Json["response"]!["error"]!["message"], StringComparison.Ordinal);
        });
        foreach (var reader in streams)
        {
            reader.Dispose();
        }
    }

    /// <summary>A greedy stream that runs far past the grace period, read to its first text delta.</summary>
    private static async Task<StreamReader> StartStreamAsync(HttpClient client, string input)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses")
        {
            Content = Api.Json($$"""{"model":"{{Api.Model}}","input":"{{input}}","max_output_tokens":30000,"temperature":0,"stream":true}"""),
        };
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await SseFrame.ReadAsync(reader) is { } frame && frame.Event != "response.output_text.delta")
        {
        }

        return reader;
    }
}

/// <summary>A fact that needs POSIX signals; skipped, saying so, on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Sends SIGTERM, which Windows does not have.";
        }
    }
}
