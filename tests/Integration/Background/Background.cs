using System.Net;
using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Background;

/// <summary>Requests and readers for the background-response tests.</summary>
public static class Background
{
    /// <summary>A greedy background request; <paramref name="extra"/> is more JSON fields (",\"stream\":true").</summary>
    public static string Body(int maxOutputTokens, string extra = "") =>
        $$"""{"model":"{{Api.Model}}","input":"Tell me a long story.","temperature":0,"max_output_tokens":{{maxOutputTokens}},"background":true{{extra}}}""";

    public static async Task<JsonObject> GetAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/v1/responses/{id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Polls GET until the response leaves queued and in_progress; returns every status seen, and the last body.</summary>
    public static async Task<(List<string> Seen, JsonObject Final)> PollAsync(HttpClient client, string id)
    {
        var seen = new List<string>();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var response = await GetAsync(client, id);
            var status = (string)response["status"]!;
            if (seen.Count == 0 || seen[^1] != status)
            {
                seen.Add(status);
            }

            if (status is not ("queued" or "in_progress"))
            {
                return (seen, response);
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{id} never finished; statuses seen: {string.Join(", ", seen)}");
    }

    public static Task<HttpResponseMessage> CancelAsync(HttpClient client, string id) =>
        client.PostAsync($"/v1/responses/{id}/cancel", content: null);

    /// <summary>Opens a stream (POST create or GET resume) and reads frames as they come.</summary>
    public static async Task<LiveStream> OpenAsync(HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new LiveStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    public static HttpRequestMessage Create(string body) => new(HttpMethod.Post, "/v1/responses") { Content = Api.Json(body) };

    public static HttpRequestMessage Resume(string id, int? startingAfter) =>
        new(HttpMethod.Get, $"/v1/responses/{id}?stream=true" + (startingAfter is { } n ? $"&starting_after={n}" : string.Empty));

    public sealed class LiveStream(HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public Task<SseFrame?> NextAsync() => SseFrame.ReadAsync(reader);

        public async Task<List<SseFrame>> ReadToEndAsync()
        {
            var frames = new List<SseFrame>();
            while (await NextAsync() is { } frame)
            {
                frames.Add(frame);
            }

            return frames;
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
        }
    }
}
