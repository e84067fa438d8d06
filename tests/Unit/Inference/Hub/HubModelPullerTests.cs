using System.Text;
using Responses.Inference.Hub;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Inference.Hub;

/// <summary>Pulls from a real HTTP server on loopback that answers as the Hugging Face Hub does.</summary>
public sealed class HubModelPullerTests : IAsyncLifetime
{
    private static readonly string WeightsPath = $"{LoopbackHub.Folder}/{LoopbackHub.WeightsFile}";
    private readonly string cache = HubPull.NewCache();
    private LoopbackHub hub = null!;

    public async Task InitializeAsync() => hub = await LoopbackHub.StartAsync();

    public async Task DisposeAsync()
    {
        await hub.DisposeAsync();
        Directory.Delete(cache, recursive: true);
    }

    private string SnapshotFolder => Path.Combine(cache, "hub", LoopbackHub.Owner, LoopbackHub.Repository, LoopbackHub.Commit, "cpu_and_mobile", "cpu-int4");

    [Fact]
    public async Task A_pull_downloads_the_files_the_folder_needs_into_the_cache_and_leaves_the_rest_on_the_hub()
    {
        using var pull = new HubPull(hub, cache);

        var folder = await pull.PullAsync(LoopbackHub.Reference);

        Assert.Equal(SnapshotFolder, folder);
        Assert.Equal(
            ["genai_config.json", "model.onnx", "model.onnx.data", "responses_model.json", "tokenizer.json", "tokenizer_config.json"],
            Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var file in Directory.EnumerateFiles(folder))
            Assert.Equal(hub.FileBytes($"{LoopbackHub.Folder}/{Path.GetFileName(file)}"), await File.ReadAllBytesAsync(file));
        Assert.DoesNotContain(hub.Requests, request => request.PathAndQuery.Contains("model_fp16", StringComparison.Ordinal)
            || request.PathAndQuery.Contains("README", StringComparison.Ordinal) || request.PathAndQuery.Contains(".py", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(cache, "hub", LoopbackHub.Owner, LoopbackHub.Repository, ".incomplete")));
        Assert.Equal(LoopbackHub.Commit, await File.ReadAllTextAsync(Path.Combine(cache, "hub", LoopbackHub.Owner, LoopbackHub.Repository, "refs", "main")));
        // The listing took two of the Hub's pages; the weights came from the CDN the Hub redirected to.
        Assert.Equal(2, hub.Requests.Count(request => request.PathAndQuery.Contains("/tree/", StringComparison.Ordinal)));
        Assert.Contains(hub.Requests, request => request.PathAndQuery.StartsWith("/cdn/", StringComparison.Ordinal));
        Assert.Contains("model.onnx.data  4.0 MiB in ", pull.Output, StringComparison.Ordinal);
        Assert.Contains("SHA-256 verified", pull.Output, StringComparison.Ordinal);
        Assert.Contains("git SHA-1 verified", pull.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_second_pull_is_served_from_the_cache_without_a_single_request()
    {
        using (var first = new HubPull(hub, cache))
            await first.PullAsync(LoopbackHub.Reference);
        hub.ClearRequests();

        using var second = new HubPull(hub, cache);
        var folder = await second.PullAsync(LoopbackHub.Reference);

        Assert.Equal(SnapshotFolder, folder);
        Assert.Empty(hub.Requests);
        Assert.Contains("from the model cache", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_starts_pulling_the_same_folder_at_once_download_it_once_and_both_serve_it()
    {
        using var first = new HubPull(hub, cache);
        using var second = new HubPull(hub, cache);

        var folders = await Task.WhenAll(first.PullAsync(LoopbackHub.Reference), second.PullAsync(LoopbackHub.Reference));

        Assert.Equal([SnapshotFolder, SnapshotFolder], folders);
        Assert.Equal(hub.FileBytes(WeightsPath), await File.ReadAllBytesAsync(Path.Combine(SnapshotFolder, LoopbackHub.WeightsFile)));
        Assert.Single(hub.Requests, request => request.PathAndQuery.StartsWith("/cdn/", StringComparison.Ordinal)
            && request.PathAndQuery.Contains(LoopbackHub.WeightsFile, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_connection_cut_in_the_middle_of_a_file_is_resumed_with_a_range_request_and_the_hash_matches()
    {
        hub.CutAfter(WeightsPath, 1_500_000);
        using var pull = new HubPull(hub, cache);

        var folder = await pull.PullAsync(LoopbackHub.Reference);

        var downloads = hub.Requests.Where(request => request.PathAndQuery.StartsWith("/cdn/", StringComparison.Ordinal)
            && request.PathAndQuery.Contains("model.onnx.data", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, downloads.Count);
        Assert.Null(downloads[0].Range);
        var resumedAt = long.Parse(downloads[1].Range!["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(resumedAt, 1, 1_500_000);
        Assert.Equal(hub.FileBytes(WeightsPath), await File.ReadAllBytesAsync(Path.Combine(folder, LoopbackHub.WeightsFile)));
        Assert.Contains("resuming at", pull.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_download_stopped_by_a_failed_start_resumes_on_the_next_start_from_the_bytes_it_kept()
    {
        hub.CutAfter(WeightsPath, 2_000_000);
        using (var first = new HubPull(hub, cache, new Dictionary<string, string?> { ["Inference:Hub:MaxAttempts"] = "1" }))
        {
            var message = await first.FailAsync(LoopbackHub.Reference);
            Assert.Contains("model.onnx.data", message, StringComparison.Ordinal);
            Assert.Contains("Start again to resume it", message, StringComparison.Ordinal);
        }

        var part = Directory.EnumerateFiles(cache, LoopbackHub.WeightsFile + ".part", SearchOption.AllDirectories).Single();
        var kept = new FileInfo(part).Length;
        Assert.InRange(kept, 1, 2_000_000);
        Assert.False(File.Exists(Path.Combine(SnapshotFolder, "genai_config.json")));
        hub.ClearRequests();

        using var second = new HubPull(hub, cache);
        var folder = await second.PullAsync(LoopbackHub.Reference);

        var resumed = Assert.Single(hub.Requests, request => request.PathAndQuery.StartsWith("/cdn/", StringComparison.Ordinal)
            && request.PathAndQuery.Contains("model.onnx.data", StringComparison.Ordinal));
        Assert.Equal($"bytes={kept}-", resumed.Range);
        Assert.Equal(hub.FileBytes(WeightsPath), await File.ReadAllBytesAsync(Path.Combine(folder, LoopbackHub.WeightsFile)));
        // Files verified before the failure were not fetched again.
        Assert.DoesNotContain(hub.Requests, request => request.PathAndQuery.EndsWith("/genai_config.json", StringComparison.Ordinal) && request.Method == "GET");
    }

    [Theory]
    [InlineData(LoopbackHub.WeightsFile, "SHA-256")]
    [InlineData("tokenizer_config.json", "git SHA-1")]
    public async Task A_corrupted_byte_is_caught_by_the_hash_naming_the_file_and_nothing_half_written_is_served(string file, string hash)
    {
        hub.Corrupt($"{LoopbackHub.Folder}/{file}");
        using var pull = new HubPull(hub, cache);

        var message = await pull.FailAsync(LoopbackHub.Reference);

        Assert.StartsWith($"{LoopbackHub.Reference}: the downloaded '{LoopbackHub.Folder}/{file}' does not match the Hub: its {hash} is ", message, StringComparison.Ordinal);
        Assert.Null(new HubCacheProbe(cache).Find(LoopbackHub.Reference));
        Assert.Empty(Directory.EnumerateFiles(cache, file + "*", SearchOption.AllDirectories));

        hub.ClearFaults();
        var folder = await pull.PullAsync(LoopbackHub.Reference);
        Assert.Equal(hub.FileBytes($"{LoopbackHub.Folder}/{file}"), await File.ReadAllBytesAsync(Path.Combine(folder, file)));
    }

    [Fact]
    public async Task A_gated_repository_wants_a_token_refuses_a_wrong_one_and_the_token_never_reaches_the_cdn_or_the_output()
    {
        const string Token = "hf_right_token_0123456789";
        const string Wrong = "hf_wrong_token_9876543210";
        var files = new Dictionary<string, HubFile>(StringComparer.Ordinal);
        foreach (var name in new[] { "genai_config.json", "model.onnx", "tokenizer.json", "tokenizer_config.json", LoopbackHub.WeightsFile })
            // genai_config.json in LFS too, as in microsoft/phi-4-onnx: its metadata comes from the Hub's redirect, not the CDN.
            files[name] = new HubFile(hub.FileBytes($"{LoopbackHub.Folder}/{name}"), name != "tokenizer_config.json");
        hub.Add(new HubRepository("test-org/gated", LoopbackHub.Commit, files, Token));

        using (var anonymous = new HubPull(hub, cache))
        {
            var message = await anonymous.FailAsync("hf:test-org/gated");
            Assert.Contains("'test-org/gated' is gated", message, StringComparison.Ordinal);
            Assert.Contains("set HF_TOKEN", message, StringComparison.Ordinal);
        }

        using (var wrong = new HubPull(hub, cache, new Dictionary<string, string?> { ["HF_TOKEN"] = Wrong }))
        {
            var message = await wrong.FailAsync("hf:test-org/gated");
            Assert.Contains("the Hub refused the token in HF_TOKEN (401: Invalid credentials in Authorization header)", message, StringComparison.Ordinal);
            Assert.DoesNotContain(Wrong, message + wrong.Output, StringComparison.Ordinal);
        }

        hub.ClearRequests();
        using var right = new HubPull(hub, cache, new Dictionary<string, string?> { ["HF_TOKEN"] = Token });
        var folder = await right.PullAsync("hf:test-org/gated");

        Assert.True(File.Exists(Path.Combine(folder, "model.onnx")));
        Assert.DoesNotContain(Token, right.Output, StringComparison.Ordinal);
        var cdnPort = new Uri(hub.CdnEndpoint).Port;
        Assert.All(hub.Requests.Where(request => request.Port != cdnPort), request => Assert.Equal($"Bearer {Token}", request.Authorization));
        Assert.All(hub.Requests.Where(request => request.Port == cdnPort), request => Assert.Null(request.Authorization));
        Assert.Contains(hub.Requests, request => request.Port == cdnPort);
    }

    [Theory]
    [InlineData("hf:test-org/no-such-repo", "hf:test-org/no-such-repo: the repository 'test-org/no-such-repo' was not found on ")]
    [InlineData("hf:test-org/tiny-llama-onnx/cpu_and_mobile/cpu-int4@v9", "the repository 'test-org/tiny-llama-onnx' has no revision 'v9'")]
    [InlineData("hf:test-org/tiny-llama-onnx/cpu_and_mobile/nope", "the folder 'cpu_and_mobile/nope' does not exist in 'test-org/tiny-llama-onnx' at 'main'. Folders of this repository that have one: hf:test-org/tiny-llama-onnx/cpu_and_mobile/cpu-int4.")]
    [InlineData("hf:test-org/tiny-llama-onnx/cpu_and_mobile/no-config", "the folder 'cpu_and_mobile/no-config' has no genai_config.json, so it is not an ONNX Runtime GenAI model folder. Folders of this repository that have one: hf:test-org/tiny-llama-onnx/cpu_and_mobile/cpu-int4.")]
    [InlineData("hf:test-org/tiny-llama-onnx", "the repository's root has no genai_config.json")]
    public async Task What_the_hub_does_not_have_is_one_line_saying_what_is_missing(string reference, string expected)
    {
        using var pull = new HubPull(hub, cache);

        var message = await pull.FailAsync(reference);

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(cache, "hub", "test-org", "no-such-repo")));
    }

    [Fact]
    public async Task A_file_the_config_names_but_the_folder_lacks_is_named_before_anything_big_is_downloaded()
    {
        var config = Encoding.UTF8.GetString(hub.FileBytes($"{LoopbackHub.Folder}/genai_config.json")).Replace("\"model.onnx\"", "\"decoder.onnx\"", StringComparison.Ordinal);
        hub.Add(new HubRepository("test-org/broken", LoopbackHub.Commit, new Dictionary<string, HubFile>
        {
            ["genai_config.json"] = new(Encoding.UTF8.GetBytes(config), Lfs: false),
            ["model.onnx"] = new(hub.FileBytes($"{LoopbackHub.Folder}/model.onnx"), Lfs: true),
        }));
        using var pull = new HubPull(hub, cache);

        var message = await pull.FailAsync("hf:test-org/broken");

        Assert.Equal("hf:test-org/broken: genai_config.json names 'decoder.onnx', which the folder on the Hub does not have.", message);
        Assert.DoesNotContain(hub.Requests, request => request.PathAndQuery.StartsWith("/cdn/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_folder_bigger_than_the_free_disk_space_is_refused_before_anything_big_is_downloaded()
    {
        hub.Add(new HubRepository("test-org/huge", LoopbackHub.Commit, new Dictionary<string, HubFile>
        {
            ["genai_config.json"] = new(hub.FileBytes($"{LoopbackHub.Folder}/genai_config.json"), Lfs: false),
            ["model.onnx"] = new(hub.FileBytes($"{LoopbackHub.Folder}/model.onnx"), Lfs: true),
            ["model.onnx.data"] = new(new byte[16], Lfs: true, ListedSize: 1L << 53), // 8 PiB, as listed
        }));
        using var pull = new HubPull(hub, cache);

        var message = await pull.FailAsync("hf:test-org/huge");

        Assert.Matches(@"^hf:test-org/huge: not enough disk space for the model cache: 8192\.0 TiB to download, [0-9.]+ [KMGT]i?B free under '.+'\. Free some space, or set Inference:CacheDirectory to a bigger disk\.$", message);
        Assert.DoesNotContain(hub.Requests, request => request.PathAndQuery.StartsWith("/cdn/", StringComparison.Ordinal));
    }

    [Fact]
    public void A_write_to_a_full_device_is_recognised_as_a_full_disk()
    {
        var error = Assert.ThrowsAny<IOException>(() =>
        {
            using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write);
            full.Write(new byte[4096]);
            full.Flush();
        });

        Assert.True(DiskFull.Is(error), $"{error.HResult}: {error.Message}");
    }

    [Fact]
    public async Task Offline_mode_never_touches_the_network_serving_what_the_cache_has_and_saying_what_it_lacks()
    {
        var offline = new Dictionary<string, string?> { ["HF_HUB_OFFLINE"] = "1" };
        using (var before = new HubPull(hub, cache, offline))
        {
            var message = await before.FailAsync(LoopbackHub.Reference);
            Assert.Contains("is not in the model cache", message, StringComparison.Ordinal);
            Assert.Contains("HF_HUB_OFFLINE is set", message, StringComparison.Ordinal);
        }

        Assert.Empty(hub.Requests);
        using (var online = new HubPull(hub, cache))
            await online.PullAsync(LoopbackHub.Reference);
        hub.ClearRequests();

        using var after = new HubPull(hub, cache, offline);
        Assert.Equal(SnapshotFolder, await after.PullAsync(LoopbackHub.Reference));
        Assert.Empty(hub.Requests);
    }

    [Fact]
    public async Task A_pinned_commit_is_found_in_the_cache_by_itself()
    {
        var pinned = $"{LoopbackHub.Reference}@{LoopbackHub.Commit}";
        using (var first = new HubPull(hub, cache))
            Assert.Equal(SnapshotFolder, await first.PullAsync(pinned));
        hub.ClearRequests();

        using var second = new HubPull(hub, cache);
        Assert.Equal(SnapshotFolder, await second.PullAsync(pinned));
        Assert.Empty(hub.Requests);
        Assert.False(File.Exists(Path.Combine(cache, "hub", LoopbackHub.Owner, LoopbackHub.Repository, "refs", "main")));
    }

    [Fact]
    public async Task No_hub_at_the_endpoint_is_one_line_naming_it()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var endpoint = $"http://127.0.0.1:{((System.Net.IPEndPoint)closed.LocalEndpoint).Port}";
        closed.Stop();
        using var pull = new HubPull(endpoint, cache);

        var message = await pull.FailAsync(LoopbackHub.Reference);

        Assert.StartsWith($"Cannot reach the Hugging Face Hub at {endpoint}: ", message, StringComparison.Ordinal);
        Assert.EndsWith("or set HF_HUB_OFFLINE=1 to serve only models already downloaded.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cache_listing_shows_the_pulled_folder_with_its_size_and_an_unfinished_download()
    {
        using (var pull = new HubPull(hub, cache))
            await pull.PullAsync(LoopbackHub.Reference);
        hub.StallAfter(LoopbackHub.WeightsFile, 1_000_000);
        hub.Add(new HubRepository("test-org/other", LoopbackHub.Commit, new Dictionary<string, HubFile>
        {
            ["genai_config.json"] = new(hub.FileBytes($"{LoopbackHub.Folder}/genai_config.json"), Lfs: false),
            ["model.onnx"] = new(hub.FileBytes($"{LoopbackHub.Folder}/model.onnx"), Lfs: true),
            ["model.onnx.data"] = new(hub.FileBytes(WeightsPath), Lfs: true),
        }));
        using (var stalled = new HubPull(hub, cache, new Dictionary<string, string?> { ["Inference:Hub:StallTimeoutSeconds"] = "0.5", ["Inference:Hub:MaxAttempts"] = "1" }))
            Assert.Contains("nothing arrived for", await stalled.FailAsync("hf:test-org/other"), StringComparison.Ordinal);

        var report = ModelCacheContents.Read(new Responses.Inference.Catalog.InferenceOptions { CacheDirectory = cache });

        var pulled = Assert.Single(report.Folders);
        Assert.Equal($"{LoopbackHub.Reference} (commit {LoopbackHub.Commit[..7]})", pulled.Source);
        Assert.Equal(SnapshotFolder, pulled.Path);
        Assert.Equal(Directory.EnumerateFiles(SnapshotFolder).Sum(file => new FileInfo(file).Length), pulled.Bytes);
        var unfinished = Assert.Single(report.Unfinished);
        Assert.StartsWith("hf:test-org/other@", unfinished.Source, StringComparison.Ordinal);
        Assert.InRange(unfinished.Bytes, 1, 2_000_000);
    }

    /// <summary>Looks a reference up the way a start does, without a puller.</summary>
    private sealed class HubCacheProbe(string cache)
    {
        public string? Find(string reference) => new HubCache(cache).FindComplete(HubModelReference.Parse(reference));
    }
}
