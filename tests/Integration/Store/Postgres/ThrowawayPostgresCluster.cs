using System.Diagnostics;
using Npgsql;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Store.Postgres;

/// <summary>
/// A PostgreSQL cluster of a test's own, made with scripts/postgres-cluster.sh (the script .ci/run's cluster comes
/// from, so the binaries, the unprivileged user and the port are found one way): a test can stop and restart it
/// without pulling the shared server from under the tests running beside it. It keeps its port across restarts,
/// so connection strings stay valid.
/// </summary>
public sealed class ThrowawayPostgresCluster : IAsyncLifetime
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);

    private string? directory;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (TestPostgres.Missing is not null)
        {
            return;
        }

        directory = await RunScriptAsync("init");
        var port = await RunScriptAsync("start", directory);
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = int.Parse(port, System.Globalization.CultureInfo.InvariantCulture),
            Username = "postgres",
            Database = "responses_test",
            // An outage must fail fast, not after the default 15 s.
            Timeout = 3,
        }.ConnectionString;
    }

    /// <summary>Stops the server (fast shutdown: sessions are ended, committed data kept).</summary>
    public Task StopAsync() => RunScriptAsync("stop", Directory);

    /// <summary>Starts it again on the same port.</summary>
    public Task StartAsync() => RunScriptAsync("start", Directory);

    public async Task DisposeAsync()
    {
        if (directory is not null)
        {
            await RunScriptAsync("destroy", directory);
        }
    }

    private string Directory => directory ?? throw new InvalidOperationException(TestPostgres.Missing);

    private static async Task<string> RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(TestPostgres.ClusterScript);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"postgres-cluster.sh {string.Join(' ', arguments)} exited {process.ExitCode}: {await errors}");
        }

        return (await output).Trim();
    }
}
