using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
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
        var port = FreePort();
        using var server = StartServer(port, out var log);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            await WaitUntilServing(client, server, log);

            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses")
            {
                // Greedy on the embedded model runs to the limit: many seconds, far past the grace period.
                Content = Api.Json($$"""{"model":"{{Api.Model}}","input":"Go on.","max_output_tokens":30000,"temperature":0,"stream":true}"""),
            };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await SseFrame.ReadAsync(reader) is { } frame && frame.Event != "response.output_text.delta")
            {
            }

            var clock = Stopwatch.StartNew();
            Assert.Equal(0, kill(server.Id, 15)); // SIGTERM
            var frames = new List<SseFrame>();
            while (await SseFrame.ReadAsync(reader).WaitAsync(TimeSpan.FromSeconds(30)) is { } frame)
            {
                frames.Add(frame);
            }

            await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(GraceSeconds + 15));
            Assert.True(server.ExitCode == 0, $"exit code {server.ExitCode}\n{log}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(GraceSeconds + 3), $"exited {clock.Elapsed} after SIGTERM\n{log}");

            var last = frames[^1];
            Assert.Equal("response.failed", last.Event);
            Assert.Equal("server_error", (string?)last.Json["response"]!["error"]!["code"]);
            Assert.Contains("shutting down", (string?)last.Json["response"]!["error"]!["message"], StringComparison.Ordinal);
            Assert.Equal(frames[^2].Json["sequence_number"]!.GetValue<int>() + 1, last.Json["sequence_number"]!.GetValue<int>());
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process StartServer(int port, out StringBuilder log)
    {
        var folder = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(folder, "Responses.Server.dll"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--shutdown-grace", GraceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", "memory" })
        {
            start.ArgumentList.Add(argument);
        }

        var lines = new StringBuilder();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (lines) lines.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (lines) lines.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log = lines;
        return process;
    }

    private static async Task WaitUntilServing(HttpClient client, Process server, StringBuilder log)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(server.HasExited, $"the server exited at start:\n{log}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the server did not answer in time:\n{log}");
            try
            {
                using var models = await client.GetAsync("/v1/models");
                if (models.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
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
