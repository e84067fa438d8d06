using System.Net;
using System.Text.Json.Nodes;
using static Responses.Tests.Integration.Agents.AgentRequests;

namespace Responses.Tests.Integration.Agents;

/// <summary>
/// tool_choice "required" and a named function are enforced by constrained decoding: the embedded model has random
/// weights and never writes tool-call markup on its own, yet it calls the tool, with arguments that match the schema.
/// </summary>
[Collection(DefaultServerCollection.Name)]
public sealed class ForcedToolCallTests(DefaultServer server)
{
    [Fact]
    public async Task A_named_function_is_called_with_arguments_that_match_its_schema()
    {
        var response = await server.Client.CreateAsync(Body("\"Weather in Paris?\"", WeatherTool, """{"type":"function","name":"get_weather"}"""));

        Assert.Equal("completed", (string?)response["status"]);
        var call = Assert.Single(response["output"]!.AsArray())!.AsObject();
        var arguments = AssertCall(call, "get_weather");
        Assert.Contains((string?)arguments["city"], Cities);
        Assert.Contains((string?)arguments["unit"], new[] { "celsius", "fahrenheit" });
        Assert.Equal(2, arguments.Count);
        Assert.Equal("function", (string?)response["tool_choice"]!["type"]);
        Assert.Empty(Items(response, "message"));
    }

    [Fact]
    public async Task Required_calls_one_of_the_tools_and_parallel_tool_calls_false_allows_only_one()
    {
        var response = await server.Client.CreateAsync(
            Body("\"Weather and time?\"", WeatherTool + "," + TimeTool, "\"required\"", ""","parallel_tool_calls":false"""));

        var call = Assert.Single(response["output"]!.AsArray())!.AsObject();
        Assert.Contains((string?)call["name"], new[] { "get_weather", "get_time" });
        AssertCall(call, (string)call["name"]!);
        Assert.False((bool)response["parallel_tool_calls"]!);
    }

    /// <summary>As at OpenAI, max_tool_calls bounds built-in (hosted) tool calls only: function calls go on past it.</summary>
    [Fact]
    public async Task Max_tool_calls_does_not_bound_function_calls_and_is_echoed()
    {
        var unbounded = await server.Client.CreateAsync(Body("\"Time in two zones?\"", TimeTool, "\"required\""));
        var response = await server.Client.CreateAsync(
            Body("\"Time in two zones?\"", TimeTool, "\"required\"", ""","max_tool_calls":1"""));

        var calls = Items(response, "function_call");
        Assert.True(calls.Length > 1, $"{calls.Length} call(s): the test needs a reply of several calls");
        Assert.Equal(Items(unbounded, "function_call").Select(c => (string?)c["arguments"]), calls.Select(c => (string?)c["arguments"]));
        Assert.NotEqual((string?)calls[0]["call_id"], (string?)calls[1]["call_id"]);
        foreach (var call in calls)
            Assert.IsType<int>((int)AssertCall(call, "get_time")["offset_hours"]!);
        Assert.Equal(1, (int)response["max_tool_calls"]!);
    }

    [Fact]
    public async Task A_streamed_call_announces_the_item_streams_its_arguments_and_closes_it()
    {
        var frames = await StreamAsync(server.Client, Body("\"Weather?\"", WeatherTool, """{"type":"function","name":"get_weather"}""", ""","stream":true"""));

        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added"],
            frames.Take(3).Select(f => f.Event));
        Assert.Equal(["response.function_call_arguments.done", "response.output_item.done", "response.completed"], frames.TakeLast(3).Select(f => f.Event));
        var deltas = frames.Where(f => f.Event == "response.function_call_arguments.delta").ToArray();
        Assert.NotEmpty(deltas);
        Assert.Equal(frames.Count, 3 + deltas.Length + 3);

        var added = frames[2].Json["item"]!;
        Assert.Equal("function_call", (string?)added["type"]);
        Assert.Equal("in_progress", (string?)added["status"]);
        Assert.Equal("get_weather", (string?)added["name"]);
        var done = frames[^3].Json;
        var final = frames[^1].Json["response"]!["output"]![0]!;
        Assert.Equal(string.Concat(deltas.Select(d => (string)d.Json["delta"]!)), (string?)done["arguments"]);
        Assert.Equal((string?)done["arguments"], (string?)final["arguments"]);
        Assert.Equal("get_weather", (string?)done["name"]);
        foreach (var frame in frames.Skip(2).SkipLast(1))
        {
            Assert.Equal(0, (int)frame.Json["output_index"]!);
            Assert.Equal((string?)added["id"], (string?)(frame.Json["item_id"] ?? frame.Json["item"]!["id"]));
        }
        Assert.Equal(Enumerable.Range(0, frames.Count), frames.Select(f => (int)f.Json["sequence_number"]!));
    }

    [Fact]
    public async Task A_custom_tool_is_called_with_free_form_input()
    {
        const string patch = """{"type":"custom","name":"apply_patch","description":"Apply a patch."}""";
        var frames = await StreamAsync(server.Client, Body("\"Fix it.\"", patch, """{"type":"custom","name":"apply_patch"}""", ""","stream":true""", temperature: 1, maxOutputTokens: 400));

        var final = frames[^1].Json["response"]!;
        var call = Assert.Single(final["output"]!.AsArray())!;
        Assert.Equal("custom_tool_call", (string?)call["type"]);
        Assert.StartsWith("ctc_", (string?)call["id"]);
        Assert.Equal("apply_patch", (string?)call["name"]);
        var done = Assert.Single(frames, f => f.Event == "response.custom_tool_call_input.done").Json;
        Assert.Equal((string?)call["input"], (string?)done["input"]);
    }

    [Fact]
    public async Task A_namespace_member_is_called_by_its_own_name_with_its_namespace()
    {
        const string ns = """{"type":"namespace","name":"agents","description":"Sub-agents.","tools":[{"type":"function","name":"close_agent","description":"Close one.","strict":true,"parameters":{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"],"additionalProperties":false}}]}""";
        var response = await server.Client.CreateAsync(Body("\"Close agent 1.\"", ns, "\"required\"", ""","parallel_tool_calls":false"""));

        var call = Assert.Single(response["output"]!.AsArray())!.AsObject();
        AssertCall(call, "close_agent");
        Assert.Equal("agents", (string?)call["namespace"]);
    }

    [Fact]
    public async Task Required_without_any_callable_tool_is_a_400()
    {
        using var response = await server.Client.PostResponseAsync(Body("\"hi\"", """{"type":"web_search"}""", "\"required\""));
        await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_value", "tool_choice");
    }
}
