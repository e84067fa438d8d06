using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Responses.Inference.Catalog;

namespace Responses.Inference.Hub;

/// <summary>
/// Makes an ORT GenAI folder of the Hub available on disk: from the model cache when it was pulled before (no
/// request at all), else through the Hub's API: the commit the revision is at, the folder's listing, its
/// genai_config.json, then the files that config needs, several at once, each checked against the Hub's hash.
/// Files are staged and moved into the cache folder only when all of them passed, genai_config.json last, so a
/// half download is never served.
/// </summary>
public sealed class HubModelPuller : IDisposable
{
    private readonly HubOptions options;
    private readonly HubCache cache;
    private readonly IDownloadProgress progress;
    private readonly ILogger logger;
    private HubClient? client;

    public HubModelPuller(IOptions<HubOptions> options, IOptions<InferenceOptions> inference, IDownloadProgress progress, ILoggerFactory loggerFactory)
    {
        this.options = options.Value;
        cache = new HubCache(CacheDirectoryResolver.Resolve(inference.Value.CacheDirectory));
        this.progress = progress;
        logger = loggerFactory.CreateLogger<HubModelPuller>();
    }

    /// <summary>The folder, as <see cref="PullAsync"/>; for the catalog, which loads its models while it is built.</summary>
    public string Pull(HubModelReference model) => PullAsync(model, CancellationToken.None).GetAwaiter().GetResult();

    /// <returns>The complete local folder.</returns>
    /// <exception cref="ModelLoadException">One line: what is missing or refused, or why the download failed.</exception>
    public async Task<string> PullAsync(HubModelReference model, CancellationToken cancellationToken)
    {
        if (cache.FindComplete(model) is { } cached)
        {
            logger.LogInformation("Using {Model} from the model cache: {Folder}", model, cached);
            return cached;
        }

        if (options.Offline == true)
            throw new ModelLoadException(
                $"{model} is not in the model cache ({cache.RepositoryFolder(model)}) and HF_HUB_OFFLINE is set, so it is not downloaded; "
                + "unset HF_HUB_OFFLINE (and Inference:Hub:Offline) to download it once.");

        var hub = client ??= new HubClient(options);
        var commit = await hub.FindCommitAsync(model, cancellationToken) ?? throw await NotAModelFolderAsync(hub, model, cancellationToken);
        var folder = cache.SnapshotFolder(model, commit);
        try
        {
            await using (await LockAsync(model, commit, cancellationToken))
            {
                if (!HubCache.IsComplete(folder))
                    await DownloadAsync(hub, model, commit, folder, cancellationToken);
            }

            cache.WriteRef(model, commit);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(ex is IOException io && DiskFull.Is(io)
                ? $"{model}: no space left on the device of the model cache ({cache.Root}); free some space and start again to resume."
                : $"{model}: cannot write to the model cache ({cache.Root}): {ex.Message}", ex);
        }

        return folder;
    }

    public void Dispose() => client?.Dispose();

    private async Task DownloadAsync(HubClient hub, HubModelReference model, string commit, string folder, CancellationToken cancellationToken)
    {
        var listing = await hub.ListAsync(model, commit, model.Folder, recursive: false, cancellationToken)
            ?? throw new ModelLoadException($"{model}: the Hub found genai_config.json at commit {commit} but no folder to list there.");
        var files = listing.Where(entry => entry.IsFile).ToList();
        var config = files.FirstOrDefault(file => file.Name == HubCache.ConfigFile)
            ?? throw new ModelLoadException($"{model}: the Hub's listing of commit {commit} has no {HubCache.ConfigFile}.");
        var staging = cache.StagingFolder(model, commit);
        Directory.CreateDirectory(staging);
        var downloader = new HubFileDownloader(hub, options, progress);
        var clock = Stopwatch.StartNew();
        logger.LogInformation("Downloading {Model} (commit {Commit}) from {Endpoint} into {Folder}...", model, Short(commit), options.Endpoint, folder);

        var configFetched = !IsHere(config, staging, folder);
        if (configFetched)
            await downloader.DownloadAsync(model, commit, config, staging, cancellationToken);
        var selected = Select(model, files, File.Exists(Path.Combine(staging, config.Name)) ? Path.Combine(staging, config.Name) : Path.Combine(folder, config.Name));
        var pending = selected.Where(file => !IsHere(file, staging, folder)).ToList();
        // What is left to fetch: a .part an earlier start left is resumed, not fetched again.
        var bytes = pending.Sum(file => file.ContentSize - Math.Clamp(Length(Path.Combine(staging, file.Name + ".part")), 0, file.ContentSize));
        EnsureSpace(model, staging, bytes);
        var kept = selected.Count - pending.Count - (configFetched ? 1 : 0);
        logger.LogInformation("{Model}: {Count} more {Files} to download ({Size}){Kept}.",
            model, pending.Count, pending.Count == 1 ? "file" : "files", ModelLoader.Size(bytes), kept > 0 ? $"; {kept} downloaded before" : "");

        var all = Parallel.ForEachAsync(
            pending,
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrentDownloads, CancellationToken = cancellationToken },
            async (file, token) => await downloader.DownloadAsync(model, commit, file, staging, token));
        try
        {
            await all;
        }
        catch when (all.Exception?.InnerExceptions.FirstOrDefault(inner => inner is not OperationCanceledException) is { } first)
        {
            ExceptionDispatchInfo.Throw(first); // the file that failed, not the ones cancelled because of it
        }

        MoveIntoPlace(model, selected, staging, folder);
        logger.LogInformation("Downloaded {Model} ({Size}) in {Seconds:F1} s; every file matched the Hub's size and hash.",
            model, ModelLoader.Size(bytes), clock.Elapsed.TotalSeconds);
    }

    private static IReadOnlyList<HubEntry> Select(HubModelReference model, IReadOnlyList<HubEntry> files, string configPath)
    {
        JsonDocument config;
        try
        {
            config = JsonDocument.Parse(File.ReadAllText(configPath));
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"{model}: its genai_config.json is not valid JSON: {ex.Message}", ex);
        }

        using (config)
            return HubFileSelection.Select(model, files, config.RootElement);
    }

    /// <summary>Downloaded and verified before: renamed from .part in staging, or already moved into the folder.</summary>
    private static bool IsHere(HubEntry file, string staging, string folder) =>
        HasSize(Path.Combine(staging, file.Name), file.ContentSize) || HasSize(Path.Combine(folder, file.Name), file.ContentSize);

    private static bool HasSize(string path, long size) => Length(path) == size;

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : -1;

    /// <summary>Every file into the cache folder, genai_config.json last: until it is there, the folder is not served.</summary>
    private static void MoveIntoPlace(HubModelReference model, IReadOnlyList<HubEntry> files, string staging, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in files.OrderBy(file => file.Name == HubCache.ConfigFile))
        {
            var from = Path.Combine(staging, file.Name);
            var to = Path.Combine(folder, file.Name);
            if (File.Exists(from))
                File.Move(from, to, overwrite: true);
            else if (!HasSize(to, file.ContentSize))
                throw new ModelLoadException($"{model}: '{file.Name}' went missing from '{staging}' before it was moved into place; start again.");
        }

        for (var empty = staging; Directory.Exists(empty) && !Directory.EnumerateFileSystemEntries(empty).Any(); empty = Path.GetDirectoryName(empty)!)
        {
            Directory.Delete(empty);
            if (Path.GetFileName(empty) == HubCache.IncompleteFolder)
                break;
        }
    }

    private async Task<FileStream> LockAsync(HubModelReference model, string commit, CancellationToken cancellationToken)
    {
        var path = cache.LockFile(model, commit);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var waiting = false;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock the OS drops when the process dies, however it dies.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex) when (!DiskFull.Is(ex))
            {
                if (!waiting)
                    logger.LogInformation("Another process is downloading {Model}; waiting for it to finish...", model);
                waiting = true;
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }
    }

    private static void EnsureSpace(HubModelReference model, string folder, long needed)
    {
        long free;
        try
        {
            free = new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return; // unknown: the writes themselves will say
        }

        if (needed > free)
            throw new ModelLoadException(
                $"{model}: not enough disk space for the model cache: {ModelLoader.Size(needed)} to download, {ModelLoader.Size(free)} free under '{folder}'. "
                + "Free some space, or set Inference:CacheDirectory to a bigger disk.");
    }

    /// <summary>Why a folder without genai_config.json cannot be served, and which folders of the repository could.</summary>
    private static async Task<ModelLoadException> NotAModelFolderAsync(HubClient hub, HubModelReference model, CancellationToken cancellationToken)
    {
        var here = await hub.ListAsync(model, model.Revision, model.Folder, recursive: false, cancellationToken);
        var what = here is null
            ? $"{model}: the folder '{model.Folder}' does not exist in '{model.RepositoryId}' at '{model.Revision}'."
            : $"{model}: {(model.Folder.Length == 0 ? "the repository's root" : $"the folder '{model.Folder}'")} has no genai_config.json, so it is not an ONNX Runtime GenAI model folder.";
        var all = await hub.ListAsync(model, model.Revision, "", recursive: true, cancellationToken) ?? [];
        var folders = all
            .Where(entry => entry.IsFile && entry.Name == HubCache.ConfigFile)
            .Select(entry => entry.Path.Length > HubCache.ConfigFile.Length ? entry.Path[..^(HubCache.ConfigFile.Length + 1)] : "")
            .Select(path => $"hf:{model.RepositoryId}{(path.Length > 0 ? "/" + path : "")}{(model.Revision == HubModelReference.DefaultRevision ? "" : "@" + model.Revision)}")
            .Take(6)
            .ToList();
        return new ModelLoadException(what + (folders.Count > 0
            ? $" Folders of this repository that have one: {string.Join(", ", folders)}."
            : " No folder of this repository has one (an ORT GenAI export keeps genai_config.json beside its .onnx files)."));
    }

    private static string Short(string commit) => commit.Length == 40 ? commit[..7] : commit;
}
