using System.Text.Json.Nodes;
using Responses.Conformance.Streaming;

namespace Responses.Tests.Conformance;

/// <summary>The stream rules on a recorded stream of our server, whole and with one defect at a time.</summary>
public sealed class StreamCheckerTests
{
    [Fact]
    public void A_recorded_stream_breaks_no_rule()
    {
        var events = SpecFixture.Stream();

        Assert.Empty(StreamOrderChecker.CheckSequenceNumbers(events));
        Assert.Empty(StreamOrderChecker.CheckOrder(events));
        Assert.Empty(StreamContentChecker.CheckDeltas(events));
        Assert.Empty(StreamContentChecker.CheckTerminalOutput(events));
    }

    [Fact]
    public void A_repeated_a_skipped_and_a_missing_sequence_number_are_named()
    {
        var events = SpecFixture.Stream();
        events[3].Data!["sequence_number"] = 2;
        events[5].Data!["sequence_number"] = 9;
        events[6].Data!.AsObject().Remove("sequence_number");

        var problems = StreamOrderChecker.CheckSequenceNumbers(events);

        Assert.Equal(
            [
                "event 3 (response.content_part.added) has sequence_number 2, expected 3 (repeated)",
                "event 5 (response.output_text.delta) has sequence_number 9, expected 5 (a gap)",
                "event 6 (response.output_text.delta) has no integer sequence_number",
            ],
            problems);
    }

    [Fact]
    public void Events_of_an_item_before_its_output_item_added_break_the_order()
    {
        var events = SpecFixture.Stream().Where(e => e.Type != "response.output_item.added").ToList();

        var problems = StreamOrderChecker.CheckOrder(events);

        Assert.Contains(problems, p => p.Contains("response.content_part.added: for output 0 before its response.output_item.added", StringComparison.Ordinal));
    }

    [Fact]
    public void A_text_delta_before_its_content_part_added_breaks_the_order()
    {
        var events = SpecFixture.Stream();
        var part = events.FindIndex(e => e.Type == "response.content_part.added");
        (events[part], events[part + 1]) = (events[part + 1], events[part]);

        Assert.Contains(StreamOrderChecker.CheckOrder(events), p => p.Contains("before its response.content_part.added", StringComparison.Ordinal));
    }

    [Fact]
    public void The_terminal_event_must_be_last_and_alone()
    {
        var events = SpecFixture.Stream();
        events.Add(events[^2]);
        Assert.Contains("the last event is response.output_item.done, not the terminal event", StreamOrderChecker.CheckOrder(events));

        events = SpecFixture.Stream();
        events.Add(events[^1]);
        Assert.Contains("2 terminal events (response.completed/incomplete/failed), expected exactly one", StreamOrderChecker.CheckOrder(events));

        events = SpecFixture.Stream();
        events.RemoveAt(events.Count - 1);
        Assert.Contains("0 terminal events (response.completed/incomplete/failed), expected exactly one", StreamOrderChecker.CheckOrder(events));
    }

    [Fact]
    public void The_stream_must_open_with_created_then_in_progress()
    {
        var events = SpecFixture.Stream();
        (events[0], events[1]) = (events[1], events[0]);

        var problems = StreamOrderChecker.CheckOrder(events);

        Assert.Contains("the first event is response.in_progress, not response.created", problems);
    }

    [Fact]
    public void Deltas_that_do_not_add_up_to_the_done_text_are_named()
    {
        var events = SpecFixture.Stream();
        events.First(e => e.Type == "response.output_text.delta").Data!["delta"] = "XYZ";

        var problems = StreamContentChecker.CheckDeltas(events);

        Assert.Contains(problems, p => p.StartsWith("response.output_text of output 0, part 0: deltas concatenate to \"XYZ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_finished_item_that_differs_from_the_terminal_output_is_named()
    {
        var events = SpecFixture.Stream();
        events.First(e => e.Type == "response.output_item.done").Data!["item"]!["id"] = "msg_other";

        Assert.Contains(StreamContentChecker.CheckTerminalOutput(events), p => p.Contains("differs from the terminal response's output[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Shapes_differ_by_keys_kinds_lengths_and_naming_values_not_by_text_or_ids()
    {
        var a = SpecFixture.Response();
        var b = SpecFixture.Response();
        b["id"] = "resp_other";
        b["output"]![0]!["content"]![0]!["text"] = "other text";
        Assert.Empty(JsonShape.Differences(a, b));

        b["status"] = "completed";
        b.Remove("user");
        b["output"]!.AsArray().Add(new JsonObject());
        Assert.Equal(["/status: \"incomplete\" vs \"completed\"", "/output: 1 items vs 2", "/user: only in the first"], JsonShape.Differences(a, b));
    }
}
