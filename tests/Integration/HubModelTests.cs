using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>
/// The real server process pulling a model from a Hugging Face Hub on loopback (HF_ENDPOINT), as a user runs it:
/// the download with its progress on stderr, the cache on the next start, a kill in the middle of a large file, a
/// corrupted file, names that do not exist.
/// </summary>
public sealed class HubModelTests : IAsyncLifetime
{
    private static readonly string WeightsPath = $"{LoopbackHub.Folder}/{LoopbackHub.WeightsFile}";
    private readonly string cache = Directory.CreateTempSubdirectory("responses-tests-hub-cache-").FullName;
    private LoopbackHub hub = null!;

    public async Task InitializeAsync() => hub = await LoopbackHub.StartAsync(weightsBytes: 16 << 20);

    public async Task DisposeAsync()
    {
        await hub.DisposeAsync();
        Directory.Delete(cache, recursive: true);
    }

    private Dictionary<string, string> Environment => new()
    {
        ["HF_ENDPOINT"] = hub.Endpoint,
        ["HF_TOKEN_PATH"] = Path.Combine(cache, "no-token"),
        ["Inference__CacheDirectory"] = cache,
    };

    private string SnapshotFolder => Path.Combine(cache, "hub", LoopbackHub.Owner, LoopbackHub.Repository, LoopbackHub.Commit, "cpu_and_mobile", "cpu-int4");

    [Fact]
    public async Task Dotnet_run_with_an_hf_model_downloads_it_with_progress_on_stderr_serves_it_and_the_next_start_makes_no_request()
    {
        using (var first = await ServerChildProcess.StartAsync(
            port => ServerChildProcess.DotnetRun(cache, ["--port", port.ToString(CultureInfo.InvariantCulture), "--model", LoopbackHub.Reference, "--store", "memory"]),
            Environment))
        {
            await AnswersAsync(first, "tiny-llama-onnx");
            Assert.Contains($"Downloading {LoopbackHub.WeightsFile} (16.0 MiB)", first.ErrorLog, StringComparison.Ordinal);
            Assert.Contains($"{LoopbackHub.WeightsFile}  16.0 MiB in ", first.ErrorLog, StringComparison.Ordinal);
            Assert.Contains("SHA-256 verified", first.ErrorLog, StringComparison.Ordinal);
            Assert.Contains($"Loading model 'tiny-llama-onnx' from {SnapshotFolder}", first.Log, StringComparison.Ordinal);
        }

        hub.ClearRequests();
        using (var second = await ServerChildProcess.StartAsync(Environment, "--model", LoopbackHub.Reference, "--store", "memory"))
        {
            await AnswersAsync(second, "tiny-llama-onnx");
            Assert.Contains("from the model cache", second.Log, StringComparison.Ordinal);
        }

        Assert.Empty(hub.Requests);

        var listing = await ServerRun.RunAsync(Environment, "--list-models");
        Assert.Equal(0, listing.ExitCode);
        Assert.Contains($"{LoopbackHub.Reference} (commit {LoopbackHub.Commit[..7]})", listing.Output, StringComparison.Ordinal);
        Assert.Contains("16.7 MiB", listing.Output, StringComparison.Ordinal); // the weights, the graph and the tokenizer
        Assert.Contains(SnapshotFolder, listing.Output, StringComparison.Ordinal);
        Assert.Contains("phi-4-mini", listing.Output, StringComparison.Ordinal);
        Assert.Empty(hub.Requests);
    }

    [Fact]
    public async Task A_server_killed_in_the_middle_of_a_large_file_resumes_it_with_a_range_request_on_the_next_start()
    {
        hub.StallAfter(WeightsPath, 6_000_000);
        using var free = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        free.Start();
        var port = ((IPEndPoint)free.LocalEndpoint).Port;
        free.Stop();
        var start = ServerChildProcess.StartInfo(["--port", port.ToString(CultureInfo.InvariantCulture), "--model", LoopbackHub.Reference, "--store", "memory"]);
        foreach (var (name, value) in Environment)
            start.Environment[name] = value;
        var part = Path.Combine(cache, "hub", LoopbackHub.Owner, LoopbackHub.Repository, ".incomplete", LoopbackHub.Commit, "cpu_and_mobile", "cpu-int4", LoopbackHub.WeightsFile + ".part");
        using (var server = Process.Start(start)!)
        {
            server.OutputDataReceived += (_, _) => { };
            server.ErrorDataReceived += (_, _) => { };
            server.BeginOutputReadLine();
            server.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (!(File.Exists(part) && new FileInfo(part).Length > 0))
            {
                Assert.False(server.HasExited, "the server exited before the download started");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the download did not start");
                await Task.Delay(50);
            }

            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        var kept = new FileInfo(part).Length;
        Assert.InRange(kept, 1, 6_000_000);
        Assert.False(File.Exists(Path.Combine(SnapshotFolder, "genai_config.json")), "a half download must not look complete");
        hub.ClearFaults();
        hub.ClearRequests();

        using (var restarted = await ServerChildProcess.StartAsync(Environment, "--model", LoopbackHub.Reference, "--store", "memory"))
            await AnswersAsync(restarted, "tiny-llama-onnx");

        var resumed = Assert.Single(hub.Requests, request => request.PathAndQuery.StartsWith("/cdn/", StringComparison.Ordinal)
            && request.PathAndQuery.Contains(LoopbackHub.WeightsFile, StringComparison.Ordinal));
        Assert.Equal($"bytes={kept}-", resumed.Range);
        Assert.Equal(hub.FileBytes(WeightsPath), await File.ReadAllBytesAsync(Path.Combine(SnapshotFolder, LoopbackHub.WeightsFile)));
    }

    [Fact]
    public async Task A_file_whose_bytes_do_not_match_the_hub_stops_the_start_with_one_line_naming_it_and_nothing_is_served()
    {
        hub.Corrupt(WeightsPath);

        var run = await ServerRun.RunAsync(Environment, "--model", LoopbackHub.Reference, "--store", "memory");

        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(Lines(run.Error), line => line.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains($"the downloaded '{WeightsPath}' does not match the Hub: its SHA-256 is ", error, StringComparison.Ordinal);
        Assert.Contains("Downloading model.onnx", run.Error, StringComparison.Ordinal); // the progress lines came first, on stderr
        Assert.DoesNotContain("   at ", run.Output + run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(SnapshotFolder, "genai_config.json")));
        Assert.DoesNotContain("Loading model", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("phi-9-mega", "error: 'phi-9-mega' is neither a model folder (")]
    [InlineData("hf:test-org/tiny-llama-onnx/cpu_and_mobile/no-config", "error: hf:test-org/tiny-llama-onnx/cpu_and_mobile/no-config: the folder 'cpu_and_mobile/no-config' has no genai_config.json")]
    [InlineData("hf:test-org/missing", "error: hf:test-org/missing: the repository 'test-org/missing' was not found on ")]
    public async Task A_name_or_folder_that_is_not_a_model_is_one_line_and_exit_code_1(string model, string expected)
    {
        var run = await ServerRun.RunAsync(Environment, "--model", model, "--store", "memory");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith(expected, Assert.Single(Lines(run.Error)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_name_touches_no_network_and_neither_does_offline_mode()
    {
        Assert.Equal(1, (await ServerRun.RunAsync(Environment, "--model", "phi-9-mega")).ExitCode);
        var offline = new Dictionary<string, string>(Environment) { ["HF_HUB_OFFLINE"] = "1" };
        var run = await ServerRun.RunAsync(offline, "--model", LoopbackHub.Reference, "--store", "memory");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("HF_HUB_OFFLINE is set", Assert.Single(Lines(run.Error)), StringComparison.Ordinal);
        Assert.Empty(hub.Requests);
    }

    private static async Task AnswersAsync(ServerChildProcess server, string model)
    {
        using var response = await server.Client.PostAsync("/v1/responses", Api.Json($$"""{"model":"{{model}}","input":"Hi","max_output_tokens":16}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(model, (string?)body["model"]);
        Assert.Equal("message", (string?)body["output"]![0]!["type"]); // the model answered (16 tokens: "incomplete" is fine)
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
