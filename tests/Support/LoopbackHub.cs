using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Responses.Inference.EmbeddedModel;
using Responses.Server.Runs;

namespace Responses.Tests.Support;

/// <summary>
/// A Hugging Face Hub on 127.0.0.1 (Kestrel, free ports), speaking the part of the Hub's API a pull uses, the way
/// huggingface.co answers it:
/// <list type="bullet">
/// <item>GET api/models/{owner}/{repo}/tree/{revision}[/{path}][?recursive=true]: the JSON listing, entries with
/// type, oid (git blob SHA-1), size, path and, for LFS files, lfs.oid (SHA-256) and lfs.size; paged with a Link
/// header (rel="next") like the Hub's cursor pages.</item>
/// <item>HEAD/GET {owner}/{repo}/resolve/{revision}/{path}: a plain file answers 200 with ETag (its git oid),
/// X-Repo-Commit and Content-Length; an LFS file answers 302 to a "CDN" on the other port (another authority, so a
/// client must not send it the token), with X-Linked-Etag, X-Linked-Size and X-Repo-Commit.</item>
/// <item>GET cdn/{sha256}: the bytes, with Range (206, Content-Range; 416 past the end).</item>
/// <item>Errors as the Hub words them: X-Error-Code RepoNotFound (401 without a token), RevisionNotFound,
/// EntryNotFound, GatedRepo; X-Error-Message; 401 "Invalid credentials" for a wrong token.</item>
/// </list>
/// It serves the embedded model as test-org/tiny-llama-onnx, folder cpu_and_mobile/cpu-int4, with a deterministic
/// random model.onnx.data beside it standing in for external weights (ORT never reads it: model.onnx names none),
/// plus files a pull must leave alone. Faults are set per file: cut the connection after N bytes, stall after N
/// bytes, flip a byte. Every request is recorded.
/// </summary>
public sealed class LoopbackHub : IAsyncDisposable
{
    public const string Owner = "test-org";
    public const string Repository = "tiny-llama-onnx";
    public const string RepositoryId = $"{Owner}/{Repository}";
    public const string Folder = "cpu_and_mobile/cpu-int4";
    public const string Reference = $"hf:{RepositoryId}/{Folder}";
    public const string WeightsFile = "model.onnx.data";

    /// <summary>The commit main is at.</summary>
    public static readonly string Commit = Convert.ToHexStringLower(SHA1.HashData("test-org/tiny-llama-onnx@1"u8));

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, HubRepository> repositories = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Fault> faults = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<HubRequest> requests = new();

    private LoopbackHub(WebApplication app)
    {
        this.app = app;
    }

    /// <summary>http://127.0.0.1:PORT: what HF_ENDPOINT points at.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>The other port, where LFS downloads are redirected.</summary>
    public string CdnEndpoint { get; private set; } = "";

    /// <summary>Tree entries per page; small by default so a listing takes two pages.</summary>
    public int PageSize { get; set; } = 4;

    public IReadOnlyList<HubRequest> Requests => [.. requests];

    /// <summary>The embedded model's repository, with <paramref name="weightsBytes"/> of stand-in external weights.</summary>
    public static async Task<LoopbackHub> StartAsync(int weightsBytes = 4 << 20)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0", "http://127.0.0.1:0");
        var hub = new LoopbackHub(builder.Build());
        hub.app.Run(hub.HandleAsync);
        await hub.app.StartAsync();
        var addresses = hub.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        hub.Endpoint = addresses[0].TrimEnd('/');
        hub.CdnEndpoint = addresses[1].TrimEnd('/');
        hub.Add(EmbeddedRepository(weightsBytes));
        return hub;
    }

    public void Add(HubRepository repository) => repositories[repository.Id] = repository;

    /// <summary>The bytes the repository holds at <paramref name="path"/> (what a pull must end up with).</summary>
    public byte[] FileBytes(string path, string repositoryId = RepositoryId) => repositories[repositoryId].Files[path].Bytes;

    /// <summary>The next <paramref name="times"/> downloads of the file send <paramref name="bytes"/> bytes, then drop the connection.</summary>
    public void CutAfter(string path, long bytes, int times = 1) => faults[path] = new Fault(FaultKind.Cut, bytes, times);

    /// <summary>Downloads of the file send <paramref name="bytes"/> bytes, then nothing, until the client goes away.</summary>
    public void StallAfter(string path, long bytes) => faults[path] = new Fault(FaultKind.Stall, bytes, int.MaxValue);

    /// <summary>Downloads of the file have one byte flipped in the middle.</summary>
    public void Corrupt(string path) => faults[path] = new Fault(FaultKind.Corrupt, 0, int.MaxValue);

    public void ClearFaults() => faults.Clear();

    public void ClearRequests() => requests.Clear();

    /// <summary>How many bytes of the file the CDN or resolve endpoint has written so far.</summary>
    public long BytesSent(string path) => sent.GetValueOrDefault(path);

    private readonly ConcurrentDictionary<string, long> sent = new(StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
            await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }

    private static HubRepository EmbeddedRepository(int weightsBytes)
    {
        var model = new EmbeddedModelWriter().EnsureWritten(Path.Combine(Path.GetTempPath(), "responses-tests", "hub-model"));
        var files = new Dictionary<string, HubFile>(StringComparer.Ordinal)
        {
            [".gitattributes"] = new(Encoding.UTF8.GetBytes("*.onnx filter=lfs diff=lfs merge=lfs -text\n*.data filter=lfs diff=lfs merge=lfs -text\n"), Lfs: false),
            ["README.md"] = new(Encoding.UTF8.GetBytes("# tiny-llama-onnx\n\nThe embedded model, as a Hub repository.\n"), Lfs: false),
            [$"{Folder}/configuration_llama.py"] = new(Encoding.UTF8.GetBytes("# not needed to serve\n"), Lfs: false),
            [$"{Folder}/model_fp16.onnx"] = new(new byte[4096], Lfs: true), // another variant, named by no genai_config.json
            [$"{Folder}/{WeightsFile}"] = new(DeterministicBytes(weightsBytes), Lfs: true),
            ["cpu_and_mobile/no-config/README.md"] = new(Encoding.UTF8.GetBytes("A folder without genai_config.json.\n"), Lfs: false),
        };
        foreach (var file in Directory.EnumerateFiles(model))
        {
            var name = Path.GetFileName(file);
            files[$"{Folder}/{name}"] = new HubFile(File.ReadAllBytes(file), Lfs: name.EndsWith(".onnx", StringComparison.Ordinal));
        }

        return new HubRepository(RepositoryId, Commit, files);
    }

    private static byte[] DeterministicBytes(int count)
    {
        var bytes = new byte[count];
        new Random(23).NextBytes(bytes);
        return bytes;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = Uri.UnescapeDataString(context.Request.Path.Value ?? "");
        requests.Enqueue(new HubRequest(
            context.Request.Method,
            context.Request.Path.Value + context.Request.QueryString.Value,
            context.Request.Host.Port ?? 0,
            context.Request.Headers.Range.ToString() is { Length: > 0 } range ? range : null,
            context.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization ? authorization : null));
        var parts = (context.Request.Path.Value ?? "").Trim('/').Split('/');
        if (parts is ["cdn", var sha256])
        {
            await ServeCdnAsync(context, sha256);
        }
        else if (parts.Length >= 6 && parts[0] == "api" && parts[1] == "models" && parts[4] == "tree")
        {
            await ListAsync(context, $"{parts[2]}/{parts[3]}", Uri.UnescapeDataString(parts[5]), string.Join('/', parts.Skip(6).Select(Uri.UnescapeDataString)));
        }
        else if (parts.Length >= 5 && parts[2] == "resolve")
        {
            await ResolveAsync(context, $"{parts[0]}/{parts[1]}", Uri.UnescapeDataString(parts[3]), string.Join('/', parts.Skip(4).Select(Uri.UnescapeDataString)));
        }
        else
        {
            await ErrorAsync(context, HttpStatusCode.NotFound, null, $"Nothing at {path}.");
        }
    }

    private async Task ListAsync(HttpContext context, string repositoryId, string revision, string folder)
    {
        if (await RefuseAsync(context, repositoryId, revision) is not { } repository)
            return;
        var recursive = context.Request.Query["recursive"] == "true";
        var prefix = folder.Length == 0 ? "" : folder + "/";
        if (folder.Length > 0 && !repository.Files.Keys.Any(key => key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            await ErrorAsync(context, HttpStatusCode.NotFound, "EntryNotFound", $"{folder} does not exist on \"{revision}\"");
            return;
        }

        var entries = new List<object>();
        var directories = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (filePath, file) in repository.Files.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!filePath.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            var rest = filePath[prefix.Length..];
            if (!recursive && rest.Contains('/', StringComparison.Ordinal))
            {
                directories.Add(prefix + rest[..rest.IndexOf('/', StringComparison.Ordinal)]);
                continue;
            }

            entries.Add(file.Lfs
                ? new { type = "file", oid = file.PointerOid, size = file.Size, path = filePath, lfs = new { oid = file.Sha256, size = file.Size, pointerSize = 134 } }
                : new { type = "file", oid = file.GitOid, size = file.Size, path = filePath });
        }

        entries.InsertRange(0, directories.Select(directory => new { type = "directory", oid = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(directory))), size = 0L, path = directory }));
        var start = int.TryParse(context.Request.Query["cursor"], CultureInfo.InvariantCulture, out var cursor) ? cursor : 0;
        var page = entries.Skip(start).Take(PageSize).ToList();
        if (start + PageSize < entries.Count)
        {
            var query = (recursive ? "recursive=true&" : "") + $"cursor={start + PageSize}";
            context.Response.Headers.Link = $"<{Endpoint}{context.Request.Path}?{query}>; rel=\"next\"";
        }

        await context.Response.WriteAsJsonAsync(page);
    }

    private async Task ResolveAsync(HttpContext context, string repositoryId, string revision, string path)
    {
        if (await RefuseAsync(context, repositoryId, revision) is not { } repository)
            return;
        if (!repository.Files.TryGetValue(path, out var file))
        {
            await ErrorAsync(context, HttpStatusCode.NotFound, "EntryNotFound", $"{path} does not exist on \"{revision}\"");
            return;
        }

        context.Response.Headers["X-Repo-Commit"] = repository.Commit;
        if (file.Lfs)
        {
            context.Response.Headers["X-Linked-Etag"] = $"\"{file.Sha256}\"";
            context.Response.Headers["X-Linked-Size"] = file.Size.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers.ETag = $"\"{file.PointerOid}\"";
            context.Response.Redirect($"{CdnEndpoint}/cdn/{file.Sha256}?name={Uri.EscapeDataString(path)}");
            return;
        }

        context.Response.Headers.ETag = $"\"{file.GitOid}\"";
        await SendAsync(context, path, file.Bytes);
    }

    private async Task ServeCdnAsync(HttpContext context, string sha256)
    {
        var file = repositories.Values.SelectMany(repository => repository.Files.Values).FirstOrDefault(file => file.Lfs && file.Sha256 == sha256);
        if (file is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // The redirect names the file, so a fault set on one path does not hit another with the same bytes.
        await SendAsync(context, context.Request.Query["name"].ToString(), file.Bytes);
    }

    /// <summary>The bytes, honouring Range (bytes=N- or N-M), with this file's fault if one is set.</summary>
    private async Task SendAsync(HttpContext context, string path, byte[] content)
    {
        var fault = faults.TryGetValue(path, out var set) && set.Use() ? set : null;
        var bytes = content;
        if (fault?.Kind == FaultKind.Corrupt)
        {
            bytes = (byte[])content.Clone();
            bytes[bytes.Length / 2] ^= 0x5A;
        }

        long from = 0, to = bytes.LongLength - 1;
        var range = context.Request.Headers.Range.ToString();
        if (range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            var span = range["bytes=".Length..].Split('-');
            from = long.Parse(span[0], CultureInfo.InvariantCulture);
            if (span[1].Length > 0)
                to = Math.Min(to, long.Parse(span[1], CultureInfo.InvariantCulture));
            if (from >= bytes.LongLength)
            {
                context.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                context.Response.Headers.ContentRange = $"bytes */{bytes.LongLength}";
                return;
            }

            context.Response.StatusCode = StatusCodes.Status206PartialContent;
            context.Response.Headers.ContentRange = $"bytes {from}-{to}/{bytes.LongLength}";
        }

        context.Response.Headers.AcceptRanges = "bytes";
        context.Response.ContentLength = to - from + 1;
        if (HttpMethods.IsHead(context.Request.Method))
            return;

        var limit = fault?.Kind is FaultKind.Cut or FaultKind.Stall ? Math.Min(to + 1, from + fault.Bytes) : to + 1;
        const int chunk = 64 * 1024;
        for (var offset = from; offset < limit; offset += chunk)
        {
            var count = (int)Math.Min(chunk, limit - offset);
            await context.Response.Body.WriteAsync(bytes.AsMemory((int)offset, count), context.RequestAborted);
            sent.AddOrUpdate(path, count, (_, total) => total + count);
        }

        if (fault?.Kind == FaultKind.Cut && limit <= to)
        {
            await context.Response.Body.FlushAsync();
            context.Abort();
        }
        else if (fault?.Kind == FaultKind.Stall && limit <= to)
        {
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>The Hub's refusals for a repository and revision; the repository when the request may go on.</summary>
    private async Task<HubRepository?> RefuseAsync(HttpContext context, string repositoryId, string revision)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var repository = repositories.GetValueOrDefault(repositoryId);
        if (repository is null)
        {
            // Like the Hub: without a token, a missing repository is a 401, so private ones are not revealed.
            await ErrorAsync(context, authorization.Length == 0 ? HttpStatusCode.Unauthorized : HttpStatusCode.NotFound, "RepoNotFound",
                "Repository not found");
            return null;
        }

        if (repository.Token is { } token && authorization != $"Bearer {token}")
        {
            if (authorization.Length == 0)
                await ErrorAsync(context, HttpStatusCode.Unauthorized, "GatedRepo",
                    $"Access to model {repositoryId} is restricted. You must have access to it and be authenticated to access it. Please log in.");
            else
                await ErrorAsync(context, HttpStatusCode.Unauthorized, null, "Invalid credentials in Authorization header");
            return null;
        }

        if (revision != "main" && revision != repository.Commit)
        {
            await ErrorAsync(context, HttpStatusCode.NotFound, "RevisionNotFound", $"Invalid rev id: {revision}");
            return null;
        }

        return repository;
    }

    private static async Task ErrorAsync(HttpContext context, HttpStatusCode status, string? code, string message)
    {
        context.Response.StatusCode = (int)status;
        if (code is not null)
            context.Response.Headers["X-Error-Code"] = code;
        context.Response.Headers["X-Error-Message"] = message;
        if (!HttpMethods.IsHead(context.Request.Method))
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { error = message }));
    }

    private enum FaultKind
    {
        Cut,
        Stall,
        Corrupt,
    }

    private sealed class Fault(FaultKind kind, long bytes, int times)
    {
        private int left = times;

        public FaultKind Kind { get; } = kind;

        public long Bytes { get; } = bytes;

        public bool Use() => Interlocked.Decrement(ref left) >= 0;
    }
}

/// <summary>A repository of the loopback Hub: its commit, its files by path, and the token it wants (null: public).</summary>
public sealed record HubRepository(string Id, string Commit, IReadOnlyDictionary<string, HubFile> Files, string? Token = null);

/// <summary>A file of a loopback Hub repository; <paramref name="Lfs"/> files are served through the CDN redirect.</summary>
/// <param name="ListedSize">The size the listing claims, when a test wants it to differ from the bytes (a huge file).</param>
public sealed record HubFile(byte[] Bytes, bool Lfs, long? ListedSize = null)
{
    public long Size => ListedSize ?? Bytes.LongLength;

    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Bytes));

    /// <summary>The git blob id of the content: SHA-1 of "blob SIZE\0" and the bytes.</summary>
    public string GitOid { get; } = Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {Bytes.Length}\0"), .. Bytes]));

    /// <summary>The git blob id of the LFS pointer file the repository holds instead of the content.</summary>
    public string PointerOid => Convert.ToHexStringLower(SHA1.HashData(Encoding.ASCII.GetBytes(
        $"version https://git-lfs.github.com/spec/v1\noid sha256:{Sha256}\nsize {Bytes.Length}\n")));
}

/// <summary>One request the loopback Hub received: the port tells the Hub from the CDN.</summary>
public sealed record HubRequest(string Method, string PathAndQuery, int Port, string? Range, string? Authorization);
