using System.Text.Json.Nodes;
using Responses.Conformance.Streaming;
using static Responses.Conformance.Checks.CheckContext;

namespace Responses.Conformance.Checks;

/// <summary>
/// Stored responses, when the server keeps them (a create with <c>store: true</c> that echoes <c>store: true</c>):
/// GET returns what create returned, input_items lists the input (in OpenAI's full item shapes, whatever short form
/// the client sent), previous_response_id continues it, DELETE removes it (then GET is a 404), and an unknown id is a
/// 404 in OpenAI's envelope. Run in this order: delete comes last.
/// </summary>
public static class StoredResponseChecks
{
    public static IEnumerable<ConformanceCheck> All() =>
    [
        new("store.retrieve", RetrieveAsync),
        new("store.input_items", InputItemsAsync),
        new("store.input_items_shapes", InputItemShapesAsync),
        new("store.previous_response_id", PreviousResponseAsync),
        new("store.delete", DeleteAsync),
        new("store.unknown_id", UnknownIdAsync),
    ];

    private static async Task RetrieveAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var created = await StoredAsync(context, cancellationToken);
        var reply = await context.Api.GetAsync("responses/" + Id(created), cancellationToken);
        SkipIfUnsupported(reply, "retrieving responses");
        var retrieved = context.ExpectOk(reply, "Response", $"GET /responses/{Id(created)}");
        if (!JsonNode.DeepEquals(created, retrieved))
        {
            var differences = JsonShape.Differences(created, retrieved);
            throw new CheckFailedException("GET returned a different Response than create: " +
                (differences.Count > 0 ? string.Join("; ", differences) : "the same shape, different values"));
        }
    }

    private static async Task InputItemsAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var created = await StoredAsync(context, cancellationToken);
        var reply = await context.Api.GetAsync($"responses/{Id(created)}/input_items", cancellationToken);
        SkipIfUnsupported(reply, "input_items");
        var list = context.ExpectOk(reply, "ResponseItemList", $"GET /responses/{Id(created)}/input_items");
        var items = list["data"]!.AsArray();
        Expect(items.Any(item => (string?)item?["role"] == "user"), $"input_items lists no user message: {ApiReply.Shorten(list.ToJsonString())}");
        Expect(items.All(item => (string?)item?["id"] is { Length: > 0 }), "an input item has no id");
    }

    // OpenAI lists what it was sent in its full forms: a string content as input_text parts, a status on every tool item.
    private static async Task InputItemShapesAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var created = await context.Api.PostAsync("responses", context.Requests.ToolRoundTrip(), cancellationToken);
        SkipIfUnsupported(created, "function tools");
        var response = context.ExpectOk(created, "Response", "POST /responses with a function call and its output");
        if ((bool?)response["store"] == false)
        {
            throw new CheckSkippedException("the server does not store responses (store: true came back false)");
        }

        var reply = await context.Api.GetAsync($"responses/{Id(response)}/input_items?order=asc", cancellationToken);
        SkipIfUnsupported(reply, "input_items");
        var list = context.ExpectOk(reply, "ResponseItemList", $"GET /responses/{Id(response)}/input_items?order=asc");
        var items = list["data"]!.AsArray();
        var types = items.Select(item => (string?)item?["type"]).ToList();
        Expect(types.SequenceEqual(["message", "function_call", "function_call_output"]), $"input_items lists {string.Join(", ", types)}, expected message, function_call, function_call_output");

        var content = items[0]!["content"];
        Expect(
            content is JsonArray { Count: 1 } parts && (string?)parts[0]?["type"] == "input_text" && (string?)parts[0]?["text"] == RequestBodies.RoundTripQuestion,
            $"a message sent with string content is listed with content {ApiReply.Shorten(content?.ToJsonString() ?? "null")}, expected one input_text part holding the string");
        foreach (var item in items.Skip(1))
        {
            Expect((string?)item!["id"] is { Length: > 0 }, $"the {item["type"]} item has no id");
            Expect((string?)item["status"] is { Length: > 0 }, $"the {item["type"]} item has no status (OpenAI lists one; sent without, it is completed)");
            Expect((string?)item["call_id"] == RequestBodies.RoundTripCallId, $"the {item["type"]} item has call_id {item["call_id"]?.ToJsonString() ?? "null"}, sent {RequestBodies.RoundTripCallId}");
        }
    }

    private static async Task PreviousResponseAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var created = await StoredAsync(context, cancellationToken);
        var request = context.Requests.Items();
        request["previous_response_id"] = Id(created);
        var reply = await context.Api.PostAsync("responses", request, cancellationToken);
        SkipIfUnsupported(reply, "previous_response_id");
        var next = context.ExpectOk(reply, "Response", "POST /responses with previous_response_id");
        CreateChecks.ExpectFinished(next, "the continued Response");
        Expect((string?)next["previous_response_id"] == Id(created), $"previous_response_id echoed as {next["previous_response_id"]?.ToJsonString() ?? "null"}");
        Expect((string?)next["id"] != Id(created), "the continuation has the id of the response it continues");
    }

    private static async Task DeleteAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var created = await StoredAsync(context, cancellationToken);
        var reply = await context.Api.DeleteAsync("responses/" + Id(created), cancellationToken);
        SkipIfUnsupported(reply, "deleting responses");
        var deleted = context.ExpectOk(reply, "DeleteResponseResult", $"DELETE /responses/{Id(created)}");
        Expect((string?)deleted["id"] == Id(created) && (bool?)deleted["deleted"] == true, $"DELETE returned {deleted.ToJsonString()}");

        var after = await context.Api.GetAsync("responses/" + Id(created), cancellationToken);
        ErrorChecks.ExpectError(context, after, 404, null, "GET after DELETE");
    }

    private static async Task UnknownIdAsync(CheckContext context, CancellationToken cancellationToken)
    {
        await StoredAsync(context, cancellationToken);
        var reply = await context.Api.GetAsync("responses/resp_conformance_no_such_response", cancellationToken);
        ErrorChecks.ExpectError(context, reply, 404, null, "GET /responses/{unknown id}");
    }

    // One stored response for the whole group; a server that answers store: true with store: false keeps nothing.
    private static Task<JsonNode> StoredAsync(CheckContext context, CancellationToken cancellationToken) =>
        context.SharedAsync("store.created", async () =>
        {
            var request = context.Requests.Plain();
            request["store"] = true;
            var response = await CreateChecks.ExpectResponseAsync(context, request, cancellationToken);
            if ((bool?)response["store"] == false)
            {
                throw new CheckSkippedException("the server does not store responses (store: true came back false)");
            }

            return response;
        });

    private static string Id(JsonNode response) => Uri.EscapeDataString((string)response["id"]!);
}
