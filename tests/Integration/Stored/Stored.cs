using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Responses.Generated;
using Responses.Server.Runs;
using Responses.Server.Runs.Responses;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Stored;

/// <summary>Requests and readers for the stored-response tests.</summary>
public static class Stored
{
    /// <summary>A greedy, short text request; <paramref name="extra"/> is more JSON fields (",\"store\":false").</summary>
    public static string Body(string input, string extra = "", int maxOutputTokens = 16) =>
        $$"""{"model":"{{Api.Model}}","input":{{JsonValue.Create(input).ToJsonString()}},"temperature":0,"max_output_tokens":{{maxOutputTokens}}{{extra}}}""";

    public static string After(string previousResponseId) => $$""","previous_response_id":"{{previousResponseId}}" """;

    public static async Task<(HttpStatusCode Status, byte[] Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    public static async Task<JsonObject> InputItemsAsync(HttpClient client, string responseId, string query = "")
    {
        using var response = await client.GetAsync($"/v1/responses/{responseId}/input_items{query}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Every input item of a response, oldest first.</summary>
    public static async Task<JsonObject[]> AllInputItemsAsync(HttpClient client, string responseId) =>
        (await InputItemsAsync(client, responseId, "?order=asc&limit=100"))["data"]!.AsArray().Select(i => i!.AsObject()).ToArray();

    /// <summary>The prompt text a request would give the model, through the server's own run factory.</summary>
    public static async Task<string> PromptAsync(ResponsesServerFactory factory, string body)
    {
        var request = System.Text.Json.JsonSerializer.Deserialize<CreateResponse>(body, TestJson.Read)!;
        using var scope = factory.Services.CreateScope();
        var plan = await scope.ServiceProvider.GetRequiredService<ResponsesAdapter>().PlanAsync(request, held: null, telemetry: null, CancellationToken.None);
        var run = ((ResponseProjection)plan.Projection).Run;
        return run.Generation.Prompt.Text;
    }
}
