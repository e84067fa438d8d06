using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Responses.Benchmarks;

/// <summary>POST /v1/responses against the running server, as a client sees it: plain JSON and Server-Sent Events.</summary>
internal sealed class ServerBench(HttpClient http, Uri baseAddress, string modelId)
{
    /// <param name="store">The request's store field; null leaves it out (the API's default: stored).</param>
    public async Task<Measurement> JsonAsync(string input, int maxTokens, bool? store = null)
    {
        using var request = Request(input, maxTokens, stream: false, store);
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsStringAsync();
        var total = clock.Elapsed;
        EnsureOk(response, body);
        // A JSON client sees no text before the whole response: its first text is its total.
        return new Measurement(total, total, OutputTokens(JsonNode.Parse(body)!));
    }

    public Task<Measurement> StreamAsync(string input, int maxTokens, bool? store = null) =>
        StreamAsync(JsonValue.Create(input), maxTokens, store);

    /// <summary>The answer's text, from a non-streamed request (a conversation's first turn, to resend in the next).</summary>
    public async Task<string> AnswerAsync(string input, int maxTokens)
    {
        using var request = Request(JsonValue.Create(input), maxTokens, stream: false, store: false);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        EnsureOk(response, body);
        return string.Concat(JsonNode.Parse(body)!["output"]!.AsArray()
            .Where(item => (string?)item!["type"] == "message")
            .SelectMany(item => item!["content"]!.AsArray())
            .Select(part => (string?)part!["text"]));
    }

    /// <param name="input">A string or an array of input items.</param>
    public async Task<Measurement> StreamAsync(JsonNode input, int maxTokens, bool? store = null)
    {
        using var request = Request(input, maxTokens, stream: true, store);
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            EnsureOk(response, await response.Content.ReadAsStringAsync());
        }

        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body, Encoding.UTF8);
        TimeSpan? first = null;
        string? eventType = null;
        var events = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                events++;
                eventType = line[7..];
                if (eventType == "response.output_text.delta")
                {
                    first ??= clock.Elapsed;
                }
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventType is "response.completed" or "response.incomplete")
            {
                var total = clock.Elapsed;
                var final = JsonNode.Parse(line[6..])!["response"]!;
                return new Measurement(first ?? total, total, OutputTokens(final), events);
            }
            else if (eventType is "response.failed" or "error")
            {
                throw new InvalidOperationException($"The stream failed: {line}");
            }
        }

        throw new InvalidOperationException("The stream ended without response.completed or response.incomplete.");
    }

    /// <summary>
    /// The same request as <see cref="StreamAsync"/> as a <c>response.create</c> on an open /v1/responses WebSocket
    /// (a session's next turn: the connection is already there), read to its terminal event.
    /// </summary>
    public async Task<Measurement> WebSocketAsync(WebSocket socket, string input, int maxTokens)
    {
        var create = Body(input, maxTokens, stream: null);
        create["type"] = "response.create";
        var buffer = new byte[1 << 20];
        var clock = Stopwatch.StartNew();
        await socket.SendAsync(Encoding.UTF8.GetBytes(create.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        TimeSpan? first = null;
        var events = 0;
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (received.MessageType != WebSocketMessageType.Text || !received.EndOfMessage)
            {
                throw new InvalidOperationException($"Expected one text frame per event, got {received.MessageType} (end: {received.EndOfMessage}).");
            }

            events++;
            // Only the type, as the SSE client reads only the event line: the client's cost stays the same on both.
            var json = buffer.AsSpan(0, received.Count);
            switch (TypeOf(json))
            {
                case "response.output_text.delta":
                    first ??= clock.Elapsed;
                    break;
                case "response.completed" or "response.incomplete":
                    var total = clock.Elapsed;
                    return new Measurement(first ?? total, total, OutputTokens(JsonNode.Parse(json)!["response"]!), events);
                case "response.failed" or "error":
                    throw new InvalidOperationException($"The response failed: {Encoding.UTF8.GetString(json)}");
            }
        }
    }

    /// <summary>The value of the event's first property, "type" (the server writes it first).</summary>
    private static string? TypeOf(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        reader.Read();
        reader.Read();
        return reader.GetString();
    }

    public Uri WebSocketAddress => new UriBuilder(new Uri(baseAddress, "v1/responses")) { Scheme = "ws" }.Uri;

    private JsonObject Body(string input, int maxTokens, bool? stream, bool? store = null) =>
        Body(JsonValue.Create(input), maxTokens, stream, store);

    private JsonObject Body(JsonNode input, int maxTokens, bool? stream, bool? store = null)
    {
        var body = new JsonObject
        {
            ["model"] = modelId,
            ["input"] = input,
            ["temperature"] = 0,
            ["max_output_tokens"] = maxTokens,
        };
        if (store is { } stored)
        {
            body["store"] = stored;
        }

        if (stream is not null)
        {
            body["stream"] = stream;
        }

        return body;
    }

    private HttpRequestMessage Request(string input, int maxTokens, bool stream, bool? store) =>
        Request(JsonValue.Create(input), maxTokens, stream, store);

    private HttpRequestMessage Request(JsonNode input, int maxTokens, bool stream, bool? store)
    {
        var body = Body(input, maxTokens, stream, store);
        return new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, "v1/responses"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
    }

    private static int OutputTokens(JsonNode response) => response["usage"]!["output_tokens"]!.GetValue<int>();

    private static void EnsureOk(HttpResponseMessage response, string body)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /v1/responses answered {(int)response.StatusCode}: {body}");
        }
    }
}
