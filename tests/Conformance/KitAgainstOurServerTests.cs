using System.Diagnostics;
using System.Text.Json.Nodes;
using Responses.Conformance.Checks;

namespace Responses.Tests.Conformance;

/// <summary>The kit is green against our own server, started as a real process on loopback, as CI runs it.</summary>
public sealed class KitAgainstOurServerTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    [Fact]
    public async Task Every_check_passes_against_our_server()
    {
        var run = await KitRun.RunAsync(server.BaseUrl, handler: null);

        Assert.True(run.ExitCode == 0, $"{run}\nserver log:\n{server.Server.Log}");
        Assert.Equal(CheckCatalog.All.Count + 1, run.Lines.Count);
        Assert.All(run.Lines.SkipLast(1), line => Assert.StartsWith("PASS ", line, StringComparison.Ordinal));
        Assert.StartsWith($"{CheckCatalog.All.Count} passed, 0 failed, 0 skipped", run.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tool_as_a_process_prints_a_json_report_and_exits_0()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Responses.Conformance.dll"), "--base-url", server.BaseUrl, "--model", KitRun.Model, "--output", "json", "--timeout", "60" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await output}\n{await errors}");
        var report = JsonNode.Parse(await output)!;
        Assert.Equal(0, (int)report["failed"]!);
        Assert.Equal(CheckCatalog.All.Count, (int)report["passed"]!);
        Assert.True((bool)report["success"]!);
        Assert.Equal(CheckCatalog.All.Select(c => c.Name), report["checks"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.All(report["checks"]!.AsArray(), c => Assert.Equal("pass", (string?)c!["outcome"]));
    }
}
