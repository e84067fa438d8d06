using System.Diagnostics;

namespace Responses.Tests.Integration;

/// <summary>The real server process run to its exit (help, usage errors, failed starts), stdout and stderr apart.</summary>
internal sealed record ServerRun(int ExitCode, string Output, string Error)
{
    public static Task<ServerRun> RunAsync(params string[] arguments) => RunAsync(new Dictionary<string, string>(), arguments);

    /// <param name="environment">Variables to set for the server process only.</param>
    /// <param name="arguments">The command line.</param>
    public static async Task<ServerRun> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = ServerChildProcess.StartInfo(arguments);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return new ServerRun(process.ExitCode, await output, await error);
    }
}
