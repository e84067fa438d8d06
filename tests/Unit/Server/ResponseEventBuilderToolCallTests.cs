using System.Text.Json.Nodes;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Runs;
using Responses.Server.Runs.Responses;
using Responses.Server.Runs.Tools;

using Responses.Tests.Support;

namespace Responses.Tests.Unit.Server;

/// <summary>Tool calls become function_call or custom_tool_call items, each at its own output index.</summary>
public sealed class ResponseEventBuilderToolCallTests
{
    private static readonly TokenUsage Usage = new(InputTokens: 3, OutputTokens: 12);

    private static readonly ToolTable Tools = new(
    [
        new OfferedTool("get_weather", "get_weather", null, ToolKind.Function),
        new OfferedTool("crm__lookup", "lookup", "crm", ToolKind.Function),
        new OfferedTool("apply_patch", "apply_patch", null, ToolKind.Custom),
    ]);

    private static ResponseEventBuilder NewBuilder() =>
        new(Runs.For().WithTools(Tools), new SequentialIds(), new FixedClock());

    private static List<ResponseStreamEvent> Run(params OutputEvent[] outputs) => EventSequences.Run(NewBuilder(), outputs);

    private static GenerationFinished Stop => new(FinishReason.Stop, Usage);

    private static OutputEvent[] Call(int index, string name, params string[] pieces) =>
    [
        new ToolCallStarted(index, name),
        .. pieces.Select(p => new ToolCallArgumentsDelta(index, p)),
        new ToolCallCompleted(index, name, string.Concat(pieces)),
    ];

    [Fact]
    public void A_function_call_streams_its_arguments_and_is_the_only_output()
    {
        var events = Run([.. Call(0, "get_weather", "{\"city\":", "\"Oslo\"}"), Stop]);

        Assert.Equal(
            [
                "response.created", "response.in_progress",
                "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.completed",
            ],
            EventSequences.Types(events));

        var added = Assert.IsType<FunctionToolCall>(Assert.IsType<ResponseOutputItemAddedEvent>(events[2]).Item);
        Assert.Equal(("fc_1", "call_2", "get_weather", "", OutputItemStatus.InProgress), (added.Id, added.CallId, added.Name, added.Arguments, added.Status));
        Assert.Null(added.Namespace);
        var delta = Assert.IsType<ResponseFunctionCallArgumentsDeltaEvent>(events[3]);
        Assert.Equal(("fc_1", 0, "{\"city\":"), (delta.ItemId, delta.OutputIndex, delta.Delta));
        var done = Assert.IsType<ResponseFunctionCallArgumentsDoneEvent>(events[5]);
        Assert.Equal(("fc_1", 0, "get_weather", "{\"city\":\"Oslo\"}"), (done.ItemId, done.OutputIndex, done.Name, done.Arguments));

        var response = EventSequences.AssertConsistent(events);
        Assert.Equal(ResponseStatus.Completed, response.Status);
        var call = Assert.IsType<FunctionToolCall>(Assert.Single(response.Output));
        Assert.Equal(("fc_1", "call_2", "{\"city\":\"Oslo\"}", OutputItemStatus.Completed), (call.Id, call.CallId, call.Arguments, call.Status));
    }

    [Fact]
    public void Two_parallel_calls_are_two_items_in_call_order()
    {
        var events = Run([.. Call(0, "get_weather", "{\"city\":\"Oslo\"}"), .. Call(1, "get_weather", "{\"city\":\"Rome\"}"), Stop]);

        Assert.Equal(
            [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.completed",
            ],
            EventSequences.Types(events));
        var response = EventSequences.AssertConsistent(events);
        var calls = response.Output.Cast<FunctionToolCall>().ToList();
        Assert.Equal(["fc_1", "fc_3"], calls.Select(c => c.Id));
        Assert.Equal(["call_2", "call_4"], calls.Select(c => c.CallId));
        Assert.Equal(["{\"city\":\"Oslo\"}", "{\"city\":\"Rome\"}"], calls.Select(c => c.Arguments));
        Assert.Equal(1, Assert.IsType<ResponseFunctionCallArgumentsDeltaEvent>(events[7]).OutputIndex);
    }

    [Fact]
    public void Text_then_a_call_closes_the_message_before_the_call()
    {
        var events = Run([new TextDelta("Let me check."), .. Call(0, "get_weather", "{}"), Stop]);

        Assert.Equal(
            [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.completed",
            ],
            EventSequences.Types(events));
        var response = EventSequences.AssertConsistent(events);
        Assert.Equal(OutputItemStatus.Completed, Assert.IsType<OutputMessage>(response.Output[0]).Status);
        Assert.Equal(["msg_1", "fc_2"], response.Output.Select(EventSequences.IdOf));
    }

    [Fact]
    public void Text_after_a_call_opens_a_new_message_at_the_next_index()
    {
        var events = Run([.. Call(0, "get_weather", "{}"), new TextDelta("Done."), Stop]);

        var response = EventSequences.AssertConsistent(events);
        Assert.IsType<FunctionToolCall>(response.Output[0]);
        var message = Assert.IsType<OutputMessage>(response.Output[1]);
        Assert.Equal("Done.", Assert.IsType<OutputTextContent>(Assert.Single(message.Content)).Text);
        Assert.Equal(1, events.OfType<ResponseTextDeltaEvent>().Single().OutputIndex);
    }

    [Fact]
    public void A_namespace_member_call_carries_its_own_name_and_namespace()
    {
        var events = Run([.. Call(0, "crm__lookup", "{\"id\":7}"), Stop]);

        var added = Assert.IsType<FunctionToolCall>(events.OfType<ResponseOutputItemAddedEvent>().Single().Item);
        Assert.Equal(("lookup", "crm"), (added.Name, added.Namespace));
        Assert.Equal("lookup", events.OfType<ResponseFunctionCallArgumentsDoneEvent>().Single().Name);
        var call = Assert.IsType<FunctionToolCall>(Assert.Single(EventSequences.AssertConsistent(events).Output));
        Assert.Equal(("lookup", "crm"), (call.Name, call.Namespace));
        var json = JsonNode.Parse(TestJson.Event(events.OfType<ResponseOutputItemDoneEvent>().Single()))!;
        Assert.Equal("crm", json["item"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public void A_custom_tool_call_streams_its_input_once_known()
    {
        var events = Run([.. Call(0, "apply_patch", "{\"input\":", "\"*** Begin Patch\\n\"}"), Stop]);

        Assert.Equal(
            [
                "response.created", "response.in_progress",
                "response.output_item.added",
                "response.custom_tool_call_input.delta", "response.custom_tool_call_input.done",
                "response.output_item.done",
                "response.completed",
            ],
            EventSequences.Types(events));
        var added = Assert.IsType<CustomToolCall>(Assert.IsType<ResponseOutputItemAddedEvent>(events[2]).Item);
        Assert.Equal(("ctc_1", "call_2", "apply_patch", "", OutputItemStatus.InProgress), (added.Id, added.CallId, added.Name, added.Input, added.Status));
        var delta = Assert.IsType<ResponseCustomToolCallInputDeltaEvent>(events[3]);
        Assert.Equal(("ctc_1", 0, "*** Begin Patch\n"), (delta.ItemId, delta.OutputIndex, delta.Delta));
        Assert.Equal("*** Begin Patch\n", Assert.IsType<ResponseCustomToolCallInputDoneEvent>(events[4]).Input);

        var call = Assert.IsType<CustomToolCall>(Assert.Single(EventSequences.AssertConsistent(events).Output));
        Assert.Equal(("*** Begin Patch\n", OutputItemStatus.Completed), (call.Input, call.Status));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"input\":42}")]
    [InlineData("{\"text\":\"x\"}")]
    public void A_custom_tool_call_without_a_string_input_passes_the_raw_arguments(string arguments)
    {
        var events = Run(new ToolCallCompleted(0, "apply_patch", arguments), Stop);

        Assert.Equal(arguments, Assert.IsType<CustomToolCall>(Assert.Single(EventSequences.AssertConsistent(events).Output)).Input);
    }

    [Fact]
    public void A_custom_tool_call_with_empty_input_has_no_delta()
    {
        var events = Run([.. Call(0, "apply_patch", "{\"input\":\"\"}"), Stop]);

        Assert.DoesNotContain("response.custom_tool_call_input.delta", EventSequences.Types(events));
        Assert.Equal("", events.OfType<ResponseCustomToolCallInputDoneEvent>().Single().Input);
    }

    [Fact]
    public void The_completed_arguments_are_final_even_when_the_pieces_differ()
    {
        var events = Run(new ToolCallStarted(0, "get_weather"), new ToolCallArgumentsDelta(0, "{\"a\": 1 }"), new ToolCallCompleted(0, "get_weather", "{\"a\":1}"), Stop);

        Assert.Equal("{\"a\":1}", events.OfType<ResponseFunctionCallArgumentsDoneEvent>().Single().Arguments);
    }

    [Fact]
    public void A_completed_call_that_never_started_is_opened_and_closed_at_once()
    {
        var events = Run(new TextDelta("x"), new ToolCallCompleted(0, "get_weather", "{}"), Stop);

        var response = EventSequences.AssertConsistent(events);
        Assert.Equal(["msg_1", "fc_2"], response.Output.Select(EventSequences.IdOf));
        Assert.Equal("{}", Assert.IsType<FunctionToolCall>(response.Output[1]).Arguments);
    }

    [Fact]
    public void Arguments_for_a_call_that_is_not_open_throw()
    {
        var builder = NewBuilder();
        EventSequences.Run(builder, Call(0, "get_weather", "{}"));

        Assert.Throws<InvalidOperationException>(() => builder.Apply(new ToolCallArgumentsDelta(0, "x"), []));
        Assert.Throws<InvalidOperationException>(() => builder.Apply(new ToolCallArgumentsDelta(1, "x"), []));
    }

    [Fact]
    public void Length_inside_a_call_leaves_it_incomplete_with_the_arguments_so_far()
    {
        var events = Run(new ToolCallStarted(0, "get_weather"), new ToolCallArgumentsDelta(0, "{\"ci"), new GenerationFinished(FinishReason.Length, Usage));

        Assert.Equal("{\"ci", events.OfType<ResponseFunctionCallArgumentsDoneEvent>().Single().Arguments);
        var response = EventSequences.AssertConsistent(events);
        Assert.Equal(ResponseStatus.Incomplete, response.Status);
        var call = Assert.IsType<FunctionToolCall>(Assert.Single(response.Output));
        Assert.Equal(("{\"ci", OutputItemStatus.Incomplete), (call.Arguments, call.Status));
    }

    [Fact]
    public void Failure_mid_call_keeps_the_items_so_far_with_the_open_call_incomplete()
    {
        var builder = NewBuilder();
        var events = EventSequences.Run(builder, new TextDelta("Checking."), new ToolCallStarted(0, "get_weather"), new ToolCallArgumentsDelta(0, "{\"city\""));

        events.Add(builder.Failed("server_error", "The model broke."));

        var failed = Assert.IsType<ResponseFailedEvent>(events[^1]);
        Assert.Equal(events[^2].SequenceNumber + 1, failed.SequenceNumber);
        var response = EventSequences.AssertConsistent(events);
        Assert.Equal(ResponseStatus.Failed, response.Status);
        Assert.Equal(OutputItemStatus.Completed, Assert.IsType<OutputMessage>(response.Output[0]).Status);
        var call = Assert.IsType<FunctionToolCall>(response.Output[1]);
        Assert.Equal(("fc_2", "{\"city\"", OutputItemStatus.Incomplete), (call.Id, call.Arguments, call.Status));
        Assert.Single(events.OfType<ResponseOutputItemDoneEvent>());
    }
}
