using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Responses.Tests.Conformance;

/// <summary>
/// A server broken in one way: our real server (in memory) with one kind of reply rewritten on its way to the kit,
/// so everything but the one defect stays conformant and only the checks that should notice it fail.
/// </summary>
public sealed class BreakingHandler(HttpMessageHandler server) : DelegatingHandler(server)
{
    /// <summary>Rewrites each JSON body (status given); null leaves them.</summary>
    public Func<int, JsonNode, JsonNode>? Json { get; init; }

    /// <summary>Rewrites a stream's events (the JSON of each data line, in order); null leaves streams.</summary>
    public Func<List<JsonObject>, List<JsonObject>>? Events { get; init; }

    /// <summary>Answers a request itself when this returns a reply (a refused feature, say); null passes it on.</summary>
    public Func<string, HttpResponseMessage?>? Intercept { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        if (Intercept?.Invoke(body) is { } answer)
        {
            return answer;
        }

        var response = await base.SendAsync(request, cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType == "text/event-stream" && Events is not null)
        {
            var frames = (await response.Content.ReadAsStringAsync(cancellationToken))
                .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
                .Select(frame => JsonNode.Parse(frame.Split('\n').Single(line => line.StartsWith("data: ", StringComparison.Ordinal))[6..])!.AsObject())
                .ToList();
            var text = new StringBuilder();
            foreach (var e in Events(frames))
            {
                text.Append($"event: {e["type"]}\ndata: {e.ToJsonString()}\n\n");
            }

            response.Content = new StringContent(text.ToString(), Encoding.UTF8, "text/event-stream");
        }
        else if (mediaType == "application/json" && Json is not null)
        {
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
            response.Content = new StringContent(Json((int)response.StatusCode, json).ToJsonString(), Encoding.UTF8, "application/json");
        }

        return response;
    }

    public static HttpResponseMessage Reply(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
