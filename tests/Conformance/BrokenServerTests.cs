using System.Net;
using System.Text.Json.Nodes;

namespace Responses.Tests.Conformance;

/// <summary>
/// The kit fails where it should: each test breaks one thing about our server's replies and asserts that the checks
/// for that thing fail (with a reason that says what), that the others still pass, and that the summary and exit
/// code say the run failed.
/// </summary>
public sealed class BrokenServerTests(InMemoryServer server) : IClassFixture<InMemoryServer>
{
    private const string BaseUrl = "http://localhost/v1";

    [Fact]
    public async Task Unbroken_the_in_memory_server_passes_every_check()
    {
        var run = await RunAsync(new BreakingHandler(server.CreateHandler()));

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task A_Response_missing_a_required_field_fails_the_checks_that_read_one()
    {
        var run = await RunAsync(new BreakingHandler(server.CreateHandler())
        {
            Json = (_, json) =>
            {
                if ((string?)json["object"] == "response")
                {
                    json.AsObject().Remove("created_at");
                }

                return json;
            },
        });

        Assert.Equal(1, run.ExitCode);
        foreach (var check in new[] { "create.text_input", "create.items_input", "stream.terminal_matches_create", "tools.forced_call", "structured_output.json_schema" })
        {
            Assert.StartsWith($"FAIL {check}: ", run.Line(check), StringComparison.Ordinal);
            Assert.Contains("created_at", run.Line(check), StringComparison.Ordinal);
        }

        Assert.Equal("PASS stream.events_valid", run.Line("stream.events_valid"));
        Assert.Equal("PASS models.list", run.Line("models.list"));
        Assert.Matches(@"^\d+ passed, [1-9]\d* failed, 0 skipped", run.Summary);
    }

    [Fact]
    public async Task A_stream_that_skips_output_item_added_fails_the_event_order()
    {
        var run = await RunAsync(new BreakingHandler(server.CreateHandler())
        {
            // Dropped and renumbered, so that only the order is wrong.
            Events = events => Renumber(events.Where(e => (string?)e["type"] != "response.output_item.added")),
        });

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("FAIL stream.event_order: ", run.Line("stream.event_order"), StringComparison.Ordinal);
        Assert.Contains("before its response.output_item.added", run.Line("stream.event_order"), StringComparison.Ordinal);
        Assert.StartsWith("FAIL tools.streamed_arguments: ", run.Line("tools.streamed_arguments"), StringComparison.Ordinal);
        Assert.Equal("PASS stream.sequence_numbers", run.Line("stream.sequence_numbers"));
        Assert.Equal("PASS stream.events_valid", run.Line("stream.events_valid"));
        Assert.Matches(@"^\d+ passed, 2 failed, 0 skipped", run.Summary);
    }

    [Fact]
    public async Task A_stream_that_repeats_a_sequence_number_fails_the_sequence_check()
    {
        var run = await RunAsync(new BreakingHandler(server.CreateHandler())
        {
            Events = events =>
            {
                events[3]["sequence_number"] = 2;
                return events;
            },
        });

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("FAIL stream.sequence_numbers: ", run.Line("stream.sequence_numbers"), StringComparison.Ordinal);
        Assert.Contains("has sequence_number 2, expected 3 (repeated)", run.Line("stream.sequence_numbers"), StringComparison.Ordinal);
        Assert.Equal("PASS stream.event_order", run.Line("stream.event_order"));
        Assert.Matches(@"^\d+ passed, 2 failed, 0 skipped", run.Summary); // and the streamed tool call's
    }

    [Fact]
    public async Task An_error_body_outside_OpenAIs_envelope_fails_every_error_check()
    {
        var run = await RunAsync(new BreakingHandler(server.CreateHandler())
        {
            Json = (status, json) => status >= 400 ? new JsonObject { ["detail"] = "x" } : json,
        });

        Assert.Equal(1, run.ExitCode);
        foreach (var check in new[] { "errors.malformed_json", "errors.missing_model", "errors.unknown_model", "errors.wrong_type", "store.delete", "store.unknown_id" })
        {
            Assert.StartsWith($"FAIL {check}: ", run.Line(check), StringComparison.Ordinal);
            Assert.Contains("not a valid ErrorResponse", run.Line(check), StringComparison.Ordinal);
        }

        Assert.Matches(@"^\d+ passed, 6 failed, 0 skipped", run.Summary);
    }

    [Fact]
    public async Task Input_items_listed_in_the_short_forms_clients_send_fail_the_input_item_checks()
    {
        var run = await RunAsync(new BreakingHandler(server.CreateHandler())
        {
            // What a server that lists items as it was sent them answers: a string content, no status on an output.
            Json = (_, json) =>
            {
                foreach (var item in (json["data"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (item["content"] is JsonArray { Count: 1 } parts && (string?)parts[0]?["type"] == "input_text")
                    {
                        item["content"] = (string?)parts[0]!["text"];
                    }

                    if ((string?)item["type"] == "function_call_output")
                    {
                        item.Remove("status");
                    }
                }

                return json;
            },
        });

        Assert.Equal(1, run.ExitCode);
        foreach (var check in new[] { "store.input_items", "store.input_items_shapes" })
        {
            Assert.StartsWith($"FAIL {check}: ", run.Line(check), StringComparison.Ordinal);
            Assert.Contains("not a valid ResponseItemList", run.Line(check), StringComparison.Ordinal);
        }

        Assert.Contains("/data/0/content", run.Line("store.input_items_shapes"), StringComparison.Ordinal);
        Assert.Matches(@"^\d+ passed, 2 failed, 0 skipped", run.Summary);
    }

    [Fact]
    public async Task A_server_that_says_tools_are_not_supported_is_skipped_there_not_failed()
    {
        var run = await RunAsync(new BreakingHandler(server.CreateHandler())
        {
            Intercept = body => body.Contains("\"tools\"", StringComparison.Ordinal)
                ? BreakingHandler.Reply(HttpStatusCode.BadRequest, """{"error":{"message":"Tools are not supported.","type":"invalid_request_error","param":"tools","code":"unsupported_parameter"}}""")
                : null,
        });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("SKIP tools.forced_call: the server does not support function tools", run.Line("tools.forced_call"), StringComparison.Ordinal);
        Assert.StartsWith("SKIP tools.streamed_arguments: ", run.Line("tools.streamed_arguments"), StringComparison.Ordinal);
        Assert.StartsWith("SKIP store.input_items_shapes: the server does not support function tools", run.Line("store.input_items_shapes"), StringComparison.Ordinal);
        Assert.Matches(@"^\d+ passed, 0 failed, 3 skipped", run.Summary);
    }

    [Fact]
    public async Task The_json_report_names_each_failure()
    {
        var run = await RunAsync(
            new BreakingHandler(server.CreateHandler()) { Json = (status, json) => status >= 400 ? new JsonObject { ["detail"] = "x" } : json },
            "--json");

        Assert.Equal(1, run.ExitCode);
        var report = run.Json;
        Assert.False((bool)report["success"]!);
        Assert.Equal(6, (int)report["failed"]!);
        var failed = report["checks"]!.AsArray().Where(c => (string?)c!["outcome"] == "fail").ToList();
        Assert.Contains(failed, c => (string?)c!["name"] == "errors.unknown_model" && ((string?)c["reason"])!.Contains("ErrorResponse", StringComparison.Ordinal));
    }

    private static List<JsonObject> Renumber(IEnumerable<JsonObject> events)
    {
        var list = events.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            list[i]["sequence_number"] = i;
        }

        return list;
    }

    private static async Task<KitRun> RunAsync(BreakingHandler handler, params string[] extra)
    {
        using (handler)
        {
            return await KitRun.RunAsync(BaseUrl, handler, extra);
        }
    }
}
