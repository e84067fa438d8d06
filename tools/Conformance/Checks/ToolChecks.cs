using System.Text.Json.Nodes;
using Responses.Conformance.Streaming;
using static Responses.Conformance.Checks.CheckContext;

namespace Responses.Conformance.Checks;

/// <summary>
/// Function tools, when the server takes them: tool_choice required forces a call of the one tool, whose arguments
/// parse and match its parameters, and whose streamed argument deltas concatenate to the done arguments. A server
/// that answers the probe with a 400 saying tools are not supported is skipped.
/// </summary>
public static class ToolChecks
{
    public static IEnumerable<ConformanceCheck> All() =>
    [
        new("tools.forced_call", ForcedCallAsync),
        new("tools.streamed_arguments", StreamedArgumentsAsync),
    ];

    private static async Task ForcedCallAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var reply = await context.Api.PostAsync("responses", context.Requests.ForcedCall(), cancellationToken);
        SkipIfUnsupported(reply, "function tools");
        var response = context.ExpectOk(reply, "Response", "POST /responses with a forced call");
        ExpectCall(response, "the Response");
    }

    private static async Task StreamedArgumentsAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var (reply, stream) = await context.Api.StreamAsync("responses", context.Requests.ForcedCall(stream: true), cancellationToken);
        SkipIfUnsupported(reply, "function tools");
        Expect(stream is not null, $"a streamed forced call: expected 200 text/event-stream, got {reply}");

        StreamChecks.ExpectEventsValid(context, stream!);
        var events = stream!.Events;
        StreamChecks.ExpectNone([
            .. StreamOrderChecker.CheckSequenceNumbers(events),
            .. StreamOrderChecker.CheckOrder(events),
            .. StreamContentChecker.CheckDeltas(events),
            .. StreamContentChecker.CheckTerminalOutput(events),
        ]);
        Expect(events.Any(e => e.Type == "response.function_call_arguments.done"), "the stream has no response.function_call_arguments.done");
        ExpectCall(StreamChecks.TerminalResponse(stream)!, "the terminal response");
    }

    private static void ExpectCall(JsonNode response, string what)
    {
        Expect((string?)response["status"] == "completed", $"{what} has status '{response["status"]}', expected completed (a forced call ends the turn)");
        var call = response["output"]!.AsArray().FirstOrDefault(item => (string?)item?["type"] == "function_call");
        Expect(call is not null, $"{what} has no function_call item (output types: {string.Join(", ", response["output"]!.AsArray().Select(i => (string?)i?["type"]))})");
        Expect((string?)call!["name"] == "get_weather", $"{what} calls '{call["name"]}', the only tool is get_weather");
        Expect((string?)call["call_id"] is { Length: > 0 }, $"{what}: the function_call has no call_id");
        JsonArguments.ExpectMatches((string?)call["arguments"], RequestBodies.CitySchema(), $"{what}: the call's arguments");
    }
}
