using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Responses.Conformance.Streaming;

namespace Responses.Conformance.Checks;

/// <summary>
/// The server under test, by paths relative to the base URL (<c>responses</c>, <c>models</c>): raw JSON bodies out,
/// replies and SSE streams back, nothing interpreted.
/// </summary>
public sealed class ApiClient(HttpClient http, Uri baseUrl)
{
    // A trailing slash makes "responses" resolve under /v1/ rather than replace its last segment.
    private readonly Uri root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");

    public Task<ApiReply> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<ApiReply> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    public Task<ApiReply> PostAsync(string path, JsonNode body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body.ToJsonString(), cancellationToken);

    /// <summary>POSTs text as it is (a malformed body, say).</summary>
    public async Task<ApiReply> SendAsync(HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, body);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReplyAsync(response, cancellationToken);
    }

    /// <summary>POSTs a streaming request; the events when the server answers 200 with an event stream, else the reply.</summary>
    public async Task<(ApiReply Reply, SseBody? Stream)> StreamAsync(string path, JsonNode body, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, path, body.ToJsonString());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if ((int)response.StatusCode != 200 || mediaType != "text/event-stream")
        {
            return (await ReplyAsync(response, cancellationToken), null);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var events = await SseReader.ReadAsync(stream, cancellationToken);
        return (new ApiReply(200, mediaType, "", null), events);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string? body)
    {
        var request = new HttpRequestMessage(method, new Uri(root, path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static async Task<ApiReply> ReplyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonNode? json = null;
        try
        {
            json = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            // Not JSON: the checks say so, with the body.
        }

        return new ApiReply((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, json);
    }
}
