using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Responses.Tests.Integration;

/// <summary>Small HTTP helpers: the tests send raw JSON, so what is on the wire is what the test says.</summary>
public static class Api
{
    public const string Model = "responses-tiny-llama";

    /// <summary>Every field OpenAI's Response schema marks required, plus status and usage, which SDKs read.</summary>
    public static readonly string[] RequiredResponseFields =
    [
        "id", "object", "created_at", "status", "error", "incomplete_details", "instructions", "model", "output",
        "parallel_tool_calls", "metadata", "tool_choice", "tools", "temperature", "top_p", "usage",
    ];

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostResponseAsync(this HttpClient client, string body, CancellationToken cancellationToken = default) =>
        client.PostAsync("/v1/responses", Json(body), cancellationToken);

    /// <summary>POSTs and returns the 200 JSON Response object.</summary>
    public static async Task<JsonObject> CreateAsync(this HttpClient client, string body)
    {
        using var response = await client.PostResponseAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The concatenated text of every output_text part of every message item.</summary>
    public static string OutputText(JsonNode response) => string.Concat(
        response["output"]!.AsArray()
            .Where(item => (string?)item!["type"] == "message")
            .SelectMany(item => item!["content"]!.AsArray())
            .Where(part => (string?)part!["type"] == "output_text")
            .Select(part => (string)part!["text"]!));

    /// <summary>
    /// Asserts OpenAI's error envelope: status as given (never 500), JSON, exactly
    /// {"error":{"message","type","param","code"}} with all four keys present; returns the inner error.
    /// </summary>
    public static async Task<JsonObject> AssertErrorAsync(
        HttpResponseMessage response, HttpStatusCode status, string? code, string? param, string type = "invalid_request_error")
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var envelope = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["error"], envelope.Select(p => p.Key));
        var error = envelope["error"]!.AsObject();
        Assert.Equal(["code", "message", "param", "type"], error.Select(p => p.Key).Order());
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]), text);
        Assert.Equal(type, (string?)error["type"]);
        Assert.Equal(param, (string?)error["param"]);
        Assert.Equal(code, (string?)error["code"]);
        return error;
    }
}
