using System.Security.Cryptography;
using Responses.Tests.Support;

namespace Responses.Tests.Clients.Node;

/// <summary>
/// clients/typescript with its packages installed, once for the TypeScript client and the spec lint. `npm ci` runs
/// only when node_modules was not installed from this package-lock.json (a stamp holds the lock file's hash), so a
/// second test run in the same checkout installs nothing.
/// </summary>
public sealed class TypeScriptFolder : IAsyncLifetime
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    public string Path { get; } = System.IO.Path.Combine(RepositoryPaths.Root, "clients", "typescript");

    /// <summary>Why the packages are not there (the install's output), or null once they are.</summary>
    public string? InstallFailure { get; private set; }

    public async Task InitializeAsync()
    {
        if (new NodeFactAttribute().Skip is not null)
        {
            return;
        }

        var stamp = System.IO.Path.Combine(Path, "node_modules", ".installed-from-lock");
        var lockHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(System.IO.Path.Combine(Path, "package-lock.json"))));
        if (File.Exists(stamp) && await File.ReadAllTextAsync(stamp) == lockHash)
        {
            return;
        }

        var install = await ProcessRun.RunAsync(Path, InstallTimeout, "npm", "ci", "--prefer-offline", "--no-audit", "--no-fund");
        if (install.ExitCode != 0)
        {
            InstallFailure = install.Describe("npm ci");
            return;
        }

        await File.WriteAllTextAsync(stamp, lockHash);
    }

    /// <summary>`npm run SCRIPT -- ARGS` in the folder, failing the test with the output when it exits non-zero.</summary>
    public async Task<string> RunAsync(string script, params string[] arguments)
    {
        Assert.True(InstallFailure is null, InstallFailure);
        var run = await ProcessRun.RunAsync(Path, TimeSpan.FromMinutes(2), "npm", ["run", "--silent", script, "--", .. arguments]);
        Assert.True(run.ExitCode == 0, run.Describe($"npm run {script}"));
        return run.Output;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
