using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Responses.Tests.Integration;

/// <summary>
/// The real server as a child process (`dotnet Responses.Server.dll --port P ...`) on 127.0.0.1 and a free port,
/// with its output kept for failure messages; killed, by its own process id, when disposed.
/// </summary>
public sealed class ServerChildProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder log;
    private readonly StringBuilder errors;

    private ServerChildProcess(Process process, StringBuilder log, StringBuilder errors, HttpClient client)
    {
        this.process = process;
        this.log = log;
        this.errors = errors;
        Client = client;
    }

    public HttpClient Client { get; }

    /// <summary>The server's process id (for its memory in /proc).</summary>
    public int ProcessId => process.Id;

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>What the server wrote to stderr alone (also in <see cref="Log"/>).</summary>
    public string ErrorLog
    {
        get
        {
            lock (log)
            {
                return errors.ToString();
            }
        }
    }

    public static Task<ServerChildProcess> StartAsync(params string[] arguments) =>
        StartAsync(new Dictionary<string, string>(), arguments);

    /// <param name="environment">Variables to set for the server process only.</param>
    /// <param name="arguments">The command line after the port.</param>
    public static Task<ServerChildProcess> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        StartAsync(port => StartInfo(["--port", port.ToString(CultureInfo.InvariantCulture), .. arguments]), environment);

    /// <summary>Any command that starts the server (`dotnet run`, another working directory), given the free port it is to listen on.</summary>
    public static async Task<ServerChildProcess> StartAsync(Func<int, ProcessStartInfo> command, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var start = command(port);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var log = new StringBuilder();
        var errors = new StringBuilder();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); errors.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        var server = new ServerChildProcess(process, log, errors, client);
        try
        {
            await server.WaitUntilServingAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, no finally blocks; what is on disk is all that is left.</summary>
    public void KillHard()
    {
        process.Kill(entireProcessTree: true);
    }

    /// <summary>`dotnet Responses.Server.dll ARGS` from the test's output folder, its output redirected.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var folder = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, "Responses.Server.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>
    /// `dotnet run --project src/Server --no-build -- ARGS` in <paramref name="workingDirectory"/>, as a user types it
    /// (the build the tests already made, in their configuration).
    /// </summary>
    public static ProcessStartInfo DotnetRun(string workingDirectory, IEnumerable<string> arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "run", "--project", Path.Combine(Support.RepositoryPaths.Root, "src", "Server"), "--no-build", "-c", configuration, "--" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>SIGTERM, as a process manager stops a service.</summary>
    public void Terminate() => Assert.Equal(0, kill(process.Id, 15));

    public Task WaitForExitAsync(TimeSpan? timeout = null) => process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));

    public int ExitCode => process.ExitCode;

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
        Client.Dispose();
    }

    private async Task WaitUntilServingAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(process.HasExited, $"the server exited at start:\n{Log}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the server did not answer in time:\n{Log}");
            try
            {
                using var models = await Client.GetAsync("/v1/models");
                // A server started with API keys answers 401 here: serving all the same.
                if (models.IsSuccessStatusCode || models.StatusCode == HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
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

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
