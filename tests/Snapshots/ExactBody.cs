using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Responses.Tests.Snapshots;

/// <summary>
/// An HTTP answer as Snapshooter stores it. Snapshooter compares snapshots as parsed JSON (a raw JSON body would be
/// compared by meaning, not by bytes, and it normalizes line endings inside strings), so the exact bytes are locked
/// by <see cref="Length"/> and <see cref="Sha256"/>, while <see cref="Body"/> shows a reader what changed.
/// </summary>
/// <param name="Body">The body text, or for SSE its lines (split at '\n'), so a diff points at the event that changed.</param>
public sealed record ExactBody(int Status, string? ContentType, int Length, string Sha256, object Body)
{
    /// <summary>POSTs a create body to a fresh server (so ids and times start over) and reads the answer.</summary>
    public static Task<ExactBody> PostResponseAsync(string json, bool asLines = false) => PostAsync("/v1/responses", json, asLines);

    /// <summary>The same for a chat completion body.</summary>
    public static Task<ExactBody> PostChatCompletionAsync(string json, bool asLines = false) => PostAsync("/v1/chat/completions", json, asLines);

    /// <summary>The same for a /v1/responses/compact body.</summary>
    public static Task<ExactBody> PostCompactAsync(string json) => PostAsync("/v1/responses/compact", json, asLines: false);

    private static async Task<ExactBody> PostAsync(string path, string json, bool asLines)
    {
        using var factory = new Support.ResponsesServerFactory();
        using var client = factory.CreateClient();
        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return await ReadAsync(response, asLines);
    }

    public static async Task<ExactBody> ReadAsync(HttpResponseMessage response, bool asLines = false)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        return new ExactBody(
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.ToString(),
            bytes.Length,
            Convert.ToHexStringLower(SHA256.HashData(bytes)),
            asLines ? text.Split('\n') : text);
    }
}
