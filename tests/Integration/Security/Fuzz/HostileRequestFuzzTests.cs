using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Responses.Tests.Support;
using Xunit.Abstractions;

namespace Responses.Tests.Integration.Security.Fuzz;

/// <summary>
/// At least 2,000 hostile requests (<see cref="HostileCases"/>, seed fixed): every answer a 4xx in OpenAI's envelope
/// (or, for the few valid-but-odd ones, a schema-valid 200), not one 5xx, and a normal request served afterwards.
/// RESPONSES_FUZZ_CASES sets how many are drawn at random beside the fixed ones (default 2000).
/// </summary>
public sealed class HostileRequestFuzzTests(ITestOutputHelper output)
{
    private const ulong Seed = 20261130;

    [Fact]
    public async Task Every_hostile_request_is_a_4xx_in_the_envelope_and_the_server_still_serves()
    {
        var random = int.TryParse(Environment.GetEnvironmentVariable("RESPONSES_FUZZ_CASES"), CultureInfo.InvariantCulture, out var n) ? n : 2000;
        var cases = HostileCases.Create(new SpecShapes(), random, Seed);
        await using var factory = new ResponsesServerFactory
        {
            Settings = new Dictionary<string, string> { ["Limits:MaxRequestBodyBytes"] = (1024 * 1024).ToString(CultureInfo.InvariantCulture) },
        };
        using var client = factory.CreateClient();

        var statuses = new SortedDictionary<int, int>();
        var kinds = new SortedDictionary<string, SortedDictionary<int, int>>(StringComparer.Ordinal);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        foreach (var hostile in cases)
        {
            var (status, body) = await SendAsync(client, hostile);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var byKind = kinds.TryGetValue(hostile.Kind, out var found) ? found : kinds[hostile.Kind] = new();
            byKind[status] = byKind.GetValueOrDefault(status) + 1;
            if (Verdict(hostile, status, body) is { } failure)
                failures.Add($"{hostile.Kind} ({hostile.Detail}): {failure}");
        }

        output.WriteLine($"{cases.Count} hostile requests in {clock.Elapsed.TotalSeconds:F1} s, seed {Seed}");
        output.WriteLine("status histogram: " + string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));
        foreach (var (kind, histogram) in kinds)
            output.WriteLine($"  {kind,-26} " + string.Join(", ", histogram.Select(s => $"{s.Key}: {s.Value}")));

        Assert.True(cases.Count >= 2000 || random < 2000, $"{cases.Count} cases");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} wrong:\n" + string.Join("\n", failures.Take(40)));
        var normal = await client.CreateAsync(HostileCases.ResponseSeed);
        Assert.Equal("response", (string?)normal["object"]);
    }

    private static string? Verdict(HostileCase hostile, int status, string body)
    {
        if (status == 200 && hostile.MayBeServed)
        {
            var served = JsonNode.Parse(body);
            if (hostile.Path != "/v1/responses")
                return (string?)served!["object"] == "chat.completion" ? null : $"200 not a chat.completion: {Shorten(body)}";
            // Not for unknown types: the Response echoes tool_choice {"type":"bogus"} as sent, which OpenAI's schema has no member for.
            if (RepositoryPaths.OpenAISchemas is not null && hostile.Kind != "unknown type")
                OpenAISchemas.AssertValid("Response", served);
            return null;
        }

        if (status is < 400 or >= 500)
            return $"{status} {Shorten(body)}";
        try
        {
            var error = JsonNode.Parse(body)!["error"]!.AsObject();
            return error.Select(p => p.Key).Order().SequenceEqual(["code", "message", "param", "type"]) && (string?)error["message"] is { Length: > 0 }
                ? null
                : $"{status} not the envelope: {Shorten(body)}";
        }
        catch (Exception exception) when (exception is JsonException or NullReferenceException or InvalidOperationException)
        {
            return $"{status} not the envelope: {Shorten(body)}";
        }
    }

    private static async Task<(int Status, string Body)> SendAsync(HttpClient client, HostileCase hostile)
    {
        using var content = new ByteArrayContent(hostile.Body);
        if (hostile.ContentType is not null)
            content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
        if (hostile.ContentEncoding is not null)
            content.Headers.TryAddWithoutValidation("Content-Encoding", hostile.ContentEncoding);
        using var request = new HttpRequestMessage(HttpMethod.Post, hostile.Path) { Content = content };
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
