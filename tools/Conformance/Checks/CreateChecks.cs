using System.Text.Json.Nodes;
using static Responses.Conformance.Checks.CheckContext;

namespace Responses.Conformance.Checks;

/// <summary>POST /responses without streaming: a string input and an items input give a valid, finished Response.</summary>
public static class CreateChecks
{
    public static IEnumerable<ConformanceCheck> All() =>
    [
        new("create.text_input", (context, token) => CreateAsync(context, context.Requests.Plain(), token)),
        new("create.items_input", (context, token) => CreateAsync(context, context.Requests.Items(), token)),
    ];

    /// <summary>POSTs, expects a valid Response that finished (completed or incomplete) with usage; returns it.</summary>
    public static async Task<JsonNode> ExpectResponseAsync(CheckContext context, JsonObject request, CancellationToken cancellationToken)
    {
        var response = context.ExpectOk(await context.Api.PostAsync("responses", request, cancellationToken), "Response", "POST /responses");
        ExpectFinished(response, "the Response");
        return response;
    }

    public static void ExpectFinished(JsonNode response, string what)
    {
        var status = (string?)response["status"];
        Expect(status is "completed" or "incomplete", $"{what} has status '{status}', expected completed or incomplete");
        Expect(response["usage"] is JsonObject, $"{what} has no usage");
        Expect((int?)response["usage"]?["total_tokens"] > 0, $"{what} has usage.total_tokens {response["usage"]?["total_tokens"]}");
        Expect(response["output"]?.AsArray().Count > 0, $"{what} has no output items");
    }

    private static async Task CreateAsync(CheckContext context, JsonObject request, CancellationToken cancellationToken)
    {
        var response = await ExpectResponseAsync(context, request, cancellationToken);
        Expect((string?)response["model"] is { Length: > 0 }, "the Response names no model");
    }
}
