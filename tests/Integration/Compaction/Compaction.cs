using System.Net;
using System.Text.Json.Nodes;
using Responses.Server.Runs.Compaction;

namespace Responses.Tests.Integration.Compaction;

/// <summary>Requests and readers for the compaction tests.</summary>
public static class Compaction
{
    public static Task<HttpResponseMessage> PostCompactAsync(this HttpClient client, string body) =>
        client.PostAsync("/v1/responses/compact", Api.Json(body));

    /// <summary>POSTs to /v1/responses/compact and returns the 200 body.</summary>
    public static async Task<JsonObject> CompactAsync(this HttpClient client, string body)
    {
        using var response = await client.PostCompactAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static JsonObject User(string text) => new() { ["type"] = "message", ["role"] = "user", ["content"] = text };

    /// <summary>A compaction item as this server writes it, carrying <paramref name="summary"/>.</summary>
    public static JsonObject Item(string summary) =>
        new() { ["type"] = "compaction", ["encrypted_content"] = CompactionContent.Encode(summary) };

    /// <summary>A create body with <paramref name="input"/> items; <paramref name="extra"/> is more JSON fields.</summary>
    public static string Body(JsonArray input, string extra = "", int maxOutputTokens = 16) =>
        $$"""{"model":"{{Api.Model}}","input":{{input.ToJsonString()}},"temperature":0,"max_output_tokens":{{maxOutputTokens}}{{extra}}}""";

    /// <summary>The summary a compaction item carries; fails when it is not one this server wrote.</summary>
    public static string SummaryOf(JsonNode item)
    {
        Assert.Equal("compaction", (string?)item["type"]);
        Assert.StartsWith("cmp_", (string?)item["id"]);
        var summary = CompactionContent.Decode((string?)item["encrypted_content"]);
        Assert.NotNull(summary);
        return summary;
    }

    /// <summary>A deep copy of each node, so it can join another array.</summary>
    public static JsonArray Copy(IEnumerable<JsonNode?> nodes) => new([.. nodes.Select(node => node!.DeepClone())]);
}
