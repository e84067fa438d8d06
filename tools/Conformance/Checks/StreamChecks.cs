using System.Text.Json.Nodes;
using Responses.Conformance.Streaming;
using static Responses.Conformance.Checks.CheckContext;

namespace Responses.Conformance.Checks;

/// <summary>
/// One streamed plain request, read once and checked five ways: every event against the spec, sequence numbers,
/// event order, deltas against done values, and the terminal response against a non-streamed create.
/// </summary>
public static class StreamChecks
{
    public static IEnumerable<ConformanceCheck> All() =>
    [
        new("stream.events_valid", async (context, token) => ExpectEventsValid(context, await PlainStreamAsync(context, token))),
        new("stream.sequence_numbers", async (context, token) =>
            ExpectNone(StreamOrderChecker.CheckSequenceNumbers((await PlainStreamAsync(context, token)).Events))),
        new("stream.event_order", async (context, token) =>
            ExpectNone(StreamOrderChecker.CheckOrder((await PlainStreamAsync(context, token)).Events))),
        new("stream.deltas_match_done", async (context, token) =>
        {
            var events = (await PlainStreamAsync(context, token)).Events;
            ExpectNone([.. StreamContentChecker.CheckDeltas(events), .. StreamContentChecker.CheckTerminalOutput(events)]);
        }),
        new("stream.terminal_matches_create", TerminalMatchesCreateAsync),
    ];

    /// <summary>Streams <paramref name="request"/>; fails unless the server answers 200 with an event stream.</summary>
    public static async Task<SseBody> StreamAsync(CheckContext context, JsonObject request, CancellationToken cancellationToken)
    {
        var (reply, stream) = await context.Api.StreamAsync("responses", request, cancellationToken);
        Expect(stream is not null, $"a streamed create: expected 200 text/event-stream, got {reply.MediaType ?? "no content type"} {reply}");
        return stream!;
    }

    /// <summary>Every event read, valid against its type's schema, its SSE event name its type.</summary>
    public static void ExpectEventsValid(CheckContext context, SseBody stream)
    {
        var problems = new List<string>(stream.Problems);
        foreach (var e in stream.Events)
        {
            var verdict = context.Validator.ValidateEvent(e.Data);
            if (!verdict.IsValid)
            {
                problems.Add($"{e}: {verdict}");
            }

            if (e.EventName is not null && e.EventName != e.Type)
            {
                problems.Add($"{e}: SSE event name '{e.EventName}' differs from its type");
            }
        }

        ExpectNone(problems);
    }

    public static void ExpectNone(IReadOnlyList<string> problems) =>
        Expect(problems.Count == 0, string.Join("; ", problems.Take(5)) + (problems.Count > 5 ? $" (and {problems.Count - 5} more)" : ""));

    public static JsonNode? TerminalResponse(SseBody stream) =>
        stream.Events.LastOrDefault(e => StreamOrderChecker.TerminalTypes.Contains(e.Type ?? ""))?.Data?["response"];

    private static Task<SseBody> PlainStreamAsync(CheckContext context, CancellationToken cancellationToken) =>
        context.SharedAsync("stream.plain", () => StreamAsync(context, context.Requests.Plain(stream: true), cancellationToken));

    private static async Task TerminalMatchesCreateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var terminal = TerminalResponse(await PlainStreamAsync(context, cancellationToken));
        Expect(terminal is not null, "the stream has no terminal event with a response");
        var created = await CreateChecks.ExpectResponseAsync(context, context.Requests.Plain(), cancellationToken);
        var differences = JsonShape.Differences(created, terminal);
        Expect(differences.Count == 0, "the streamed terminal response and the created one differ in shape (created vs streamed): " + string.Join("; ", differences));
    }
}
