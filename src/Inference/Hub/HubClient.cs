using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Responses.Inference.Hub;

/// <summary>
/// The part of the Hugging Face Hub's HTTP API a pull uses: a file's metadata (HEAD resolve/{revision}/{path}:
/// X-Repo-Commit), a folder's tree listing, and a file's bytes (GET resolve/{commit}/{path}, Range to resume).
/// Redirects are followed here, not by the handler: the token goes only to the Hub itself, never to the CDN a
/// download is redirected to, and a Range header survives the hop. Every failure is one line (<see cref="HubFailures"/>).
/// </summary>
internal sealed partial class HubClient : IDisposable
{
    private const int MaxRedirects = 10;
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient http;
    private readonly Uri endpoint;
    private readonly string? token;
    private readonly HubFailures failures;

    public HubClient(HubOptions options, HttpMessageHandler? handler = null)
    {
        endpoint = new Uri(options.Endpoint! + "/");
        token = options.Token;
        failures = new HubFailures(options.Endpoint!, token);
        http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            // Downloads take as long as they take; a stalled one is caught per read (HubFileDownloader).
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("responses-server", "1.0"));
    }

    public HubFailures Failures => failures;

    /// <summary>
    /// The commit <paramref name="model"/>'s revision is at, asked through its genai_config.json, so one request
    /// also says whether the repository, the revision and the file exist. Null when the folder has no such file.
    /// </summary>
    public async Task<string?> FindCommitAsync(HubModelReference model, CancellationToken cancellationToken)
    {
        var path = Join(model.Folder, "genai_config.json");
        using var response = await MetadataAsync(HttpMethod.Head, ResolveUri(model, model.Revision, path), followCrossHost: false, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound && ErrorCode(response) is "EntryNotFound" or null)
            return null;
        if (!response.IsSuccessStatusCode && !IsRedirect(response.StatusCode))
            throw await failures.DescribeAsync(response, model, "genai_config.json", cancellationToken);
        // An LFS file answers with a redirect to the CDN; the Hub's headers are on that first answer.
        if (!response.Headers.TryGetValues("X-Repo-Commit", out var commits) || commits.FirstOrDefault() is not { Length: > 0 } commit)
            return model.Revision; // a mirror that does not say: the revision itself names the snapshot
        // It becomes a folder name: nothing but a commit id is taken.
        return commit.Length <= 64 && commit.All(char.IsAsciiLetterOrDigit)
            ? commit
            : throw new ModelLoadException($"{model}: the Hub at {endpoint} sent '{failures.Redact(commit)}' as the commit id; expected a hexadecimal id.");
    }

    /// <summary>The entries of a folder at a revision (one level, or every level), following the listing's pages.</summary>
    /// <returns>Null when the folder does not exist.</returns>
    public async Task<IReadOnlyList<HubEntry>?> ListAsync(HubModelReference model, string revision, string folder, bool recursive, CancellationToken cancellationToken)
    {
        var entries = new List<HubEntry>();
        var uri = new Uri(endpoint, $"api/models/{model.Owner}/{model.Repository}/tree/{Uri.EscapeDataString(revision)}"
            + (folder.Length > 0 ? "/" + EscapePath(folder) : "") + (recursive ? "?recursive=true" : ""));
        while (true)
        {
            using var response = await MetadataAsync(HttpMethod.Get, uri, followCrossHost: true, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound && ErrorCode(response) is "EntryNotFound" or null)
                return null;
            if (!response.IsSuccessStatusCode)
                throw await failures.DescribeAsync(response, model, folder.Length == 0 ? "the repository's files" : $"the folder '{folder}'", cancellationToken);
            await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
                entries.AddRange(await JsonSerializer.DeserializeAsync<List<HubEntry>>(body, Json, cancellationToken) ?? []);
            if (NextPage(response) is not { } next)
                return entries;
            uri = new Uri(uri, next);
        }
    }

    /// <summary>A file's bytes from <paramref name="offset"/> on: headers read, body still to come. The caller checks the status.</summary>
    public async Task<HttpResponseMessage> DownloadAsync(HubModelReference model, string commit, string path, long offset, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, ResolveUri(model, commit, path), offset, followCrossHost: true, cancellationToken);

    public void Dispose() => http.Dispose();

    private async Task<HttpResponseMessage> MetadataAsync(HttpMethod method, Uri uri, bool followCrossHost, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(MetadataTimeout);
        try
        {
            var response = await SendAsync(method, uri, 0, followCrossHost, timeout.Token);
            // The listing's body is read under the same deadline: buffered here, it cannot stall later.
            await response.Content.LoadIntoBufferAsync(timeout.Token);
            return response;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw failures.NoAnswer(MetadataTimeout);
        }
        catch (HttpRequestException ex)
        {
            throw failures.Unreachable(ex);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, long offset, bool followCrossHost, CancellationToken cancellationToken)
    {
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = new HttpRequestMessage(method, uri);
            if (token is not null && IsHub(uri))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (offset > 0)
                request.Headers.Range = new RangeHeaderValue(offset, null);
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
                return response;
            var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
            if (!followCrossHost && !IsHub(next))
                return response;
            response.Dispose();
            uri = next;
        }

        throw new ModelLoadException($"The Hub at {endpoint} redirected more than {MaxRedirects} times for {uri}.");
    }

    private Uri ResolveUri(HubModelReference model, string revision, string path) =>
        new(endpoint, $"{model.Owner}/{model.Repository}/resolve/{Uri.EscapeDataString(revision)}/{EscapePath(path)}");

    private bool IsHub(Uri uri) => Uri.Compare(uri, endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    internal static string? ErrorCode(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Error-Code", out var codes) ? codes.FirstOrDefault() : null;

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static string? NextPage(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links)
            ? links.Select(link => NextLink().Match(link)).FirstOrDefault(match => match.Success)?.Groups[1].Value
            : null;

    private static string Join(string folder, string name) => folder.Length == 0 ? name : $"{folder}/{name}";

    private static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    [GeneratedRegex("<([^>]+)>\\s*;\\s*rel=\"?next\"?")]
    private static partial Regex NextLink();
}
