using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Responses.Benchmarks;

/// <summary>
/// The real server as a child process (`dotnet Responses.Server.dll --port P`) on 127.0.0.1 and a free port; killed,
/// by its own process id, when disposed.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process process;

    private ServerProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public TimeSpan StartTime { get; private set; }

    /// <summary>The CPU time the server has used so far, every thread.</summary>
    public TimeSpan CpuTime()
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>The server's resident memory now, from /proc (Linux), in MiB.</summary>
    public long ResidentMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
            }
        }

        throw new InvalidOperationException("No VmRSS in /proc/PID/status.");
    }

    public static async Task<ServerProcess> StartAsync(
        string serverDll, string? modelPath, string cacheDirectory, HttpClient http, params string[] extraArguments)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { serverDll, "--host", "127.0.0.1", "--port", port.ToString(), "--Inference:CacheDirectory", cacheDirectory })
        {
            start.ArgumentList.Add(arg);
        }

        if (modelPath is not null)
        {
            start.ArgumentList.Add("--model");
            start.ArgumentList.Add(modelPath);
        }

        foreach (var arg in extraArguments)
        {
            start.ArgumentList.Add(arg);
        }

        // Warnings and errors only: request logs would cost the server time the engine does not spend.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{log}");
            }

            try
            {
                using var models = await http.GetAsync(new Uri(server.BaseAddress, "v1/models"));
                if (models.StatusCode == HttpStatusCode.OK)
                {
                    server.StartTime = clock.Elapsed;
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        server.Dispose();
        throw new TimeoutException($"The server did not answer GET /v1/models within 60 s:\n{log}");
    }

    private bool disposed;

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
