using System.Diagnostics;

namespace Responses.Tests.Integration;

/// <summary>The real server process run to its exit (help, usage errors, failed starts), stdout and stderr apart.</summary>
internal sealed record ServerRun(int ExitCode, string Output, string Error)
{
    public static async Task<ServerRun> RunAsync(params string[] arguments)
    {
        var start = ServerChildProcess.StartInfo(arguments);
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
