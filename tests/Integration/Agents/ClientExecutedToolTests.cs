using System.Net;
using System.Text.Json.Nodes;
using Responses.Tests.Support;
using static Responses.Tests.Integration.Agents.AgentRequests;

namespace Responses.Tests.Integration.Agents;

/// <summary>
/// The Agents SDK's client-executed tools, {"type":"shell"} and {"type":"apply_patch"}: offered to the model, forced
/// with tool_choice {type: shell} / {type: apply_patch}, returned as OpenAI's shell_call and apply_patch_call items, and
/// their outputs (shell_call_output, apply_patch_call_output) read back into the prompt on the next turn.
/// </summary>
[Collection(DefaultServerCollection.Name)]
public sealed class ClientExecutedToolTests(DefaultServer server)
{
    private const string Shell = """{"type":"shell","environment":{"type":"local"}}""";

    private const string ApplyPatch = """{"type":"apply_patch"}""";

    [OpenAISchemaFact]
    public async Task A_forced_shell_call_is_a_shell_call_item_with_its_commands_streamed_as_OpenAI_does()
    {
        var frames = await StreamAsync(server.Client, Body("\"List the files.\"", Shell, """{"type":"shell"}""", ""","stream":true""", temperature: 1, maxOutputTokens: 400));

        var response = frames[^1].Json["response"]!;
        var call = Assert.Single(response["output"]!.AsArray())!;
        Assert.Equal("shell_call", (string?)call["type"]);
        Assert.StartsWith("sh_", (string?)call["id"]);
        Assert.StartsWith("call_", (string?)call["call_id"]);
        var commands = call["action"]!["commands"]!.AsArray().Select(c => (string)c!).ToArray();
        Assert.Equal(commands, frames.Where(f => f.Event == "response.shell_call_command.done").Select(f => (string)f.Json["command"]!));
        Assert.Equal("response.output_item.added", frames[2].Event);
        Assert.Equal("shell_call", (string?)frames[2].Json["item"]!["type"]);
        Assert.Equal("shell", (string?)response["tool_choice"]!["type"]);
        Assert.Equal("local", (string?)response["tools"]![0]!["environment"]!["type"]);
        foreach (var frame in frames)
        {
            OpenAISchemas.AssertValid("ResponseStreamEvent", frame.Json);
        }

        OpenAISchemas.AssertValid("Response", response);
    }

    [OpenAISchemaFact]
    public async Task A_forced_apply_patch_call_is_an_apply_patch_call_item_with_one_operation()
    {
        var response = await server.Client.CreateAsync(Body("\"Fix the bug.\"", ApplyPatch, """{"type":"apply_patch"}""", temperature: 1, maxOutputTokens: 400));

        var call = Assert.Single(response["output"]!.AsArray())!;
        Assert.Equal("apply_patch_call", (string?)call["type"]);
        Assert.StartsWith("apc_", (string?)call["id"]);
        var operation = call["operation"]!;
        Assert.Contains((string?)operation["type"], new[] { "create_file", "update_file", "delete_file" });
        Assert.NotNull((string?)operation["path"]);
        OpenAISchemas.AssertValid("Response", response);
    }

    [Fact]
    public async Task Their_outputs_reach_the_prompt_on_the_next_turn_and_are_stored_and_listed()
    {
        var first = await server.Client.CreateAsync(Body("\"List the files.\"", Shell, """{"type":"shell"}""", temperature: 1, maxOutputTokens: 400));
        var call = first["output"]![0]!;
        var callId = (string)call["call_id"]!;
        var output = $$$"""[{"type":"shell_call_output","call_id":"{{{callId}}}","output":[{"stdout":"SHELL-STDOUT-MARKER","stderr":"","outcome":{"type":"exit","exit_code":0}}]}]""";
        var next = Body(output, Shell, "\"auto\"", Stored.Stored.After((string)first["id"]!));

        var prompt = await Stored.Stored.PromptAsync(server.Factory, next);
        Assert.Contains("SHELL-STDOUT-MARKER", prompt, StringComparison.Ordinal);
        var answer = await server.Client.CreateAsync(next);
        var listed = await Stored.Stored.AllInputItemsAsync(server.Client, (string)answer["id"]!);
        // Listed with the chain before it, as OpenAI lists a continuation's input: the call as it went out, then its output.
        Assert.Equal(["message", "shell_call", "shell_call_output"], listed.Select(i => (string?)i["type"]).Order());
        var listedCall = Assert.Single(listed, i => (string?)i["type"] == "shell_call");
        Assert.True(JsonNode.DeepEquals(call, listedCall), listedCall.ToJsonString());

        // A stateless client replays the call item as it got it, then its output.
        var replayed = new JsonArray(
            new JsonObject { ["role"] = "user", ["content"] = "List the files." },
            call.DeepClone(),
            JsonNode.Parse(output)![0]!.DeepClone());
        var statelessPrompt = await Stored.Stored.PromptAsync(server.Factory, Body(replayed.ToJsonString(), Shell, "\"auto\"", ""","store":false"""));
        Assert.Contains("SHELL-STDOUT-MARKER", statelessPrompt, StringComparison.Ordinal);
        Assert.Contains(string.Concat(call["action"]!["commands"]!.AsArray().Select(c => (string)c!).Take(1)), statelessPrompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_apply_patch_output_reaches_the_prompt()
    {
        var input = """[{"role":"user","content":"Fix it."},{"type":"apply_patch_call","call_id":"call_p","status":"completed","operation":{"type":"update_file","path":"a.py","diff":"@@\n-x\n+y"}},{"type":"apply_patch_call_output","call_id":"call_p","status":"completed","output":"PATCH-APPLIED-MARKER"}]""";

        var prompt = await Stored.Stored.PromptAsync(server.Factory, Body(input, ApplyPatch, "\"auto\""));

        Assert.Contains("PATCH-APPLIED-MARKER", prompt, StringComparison.Ordinal);
        Assert.Contains("a.py", prompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shell")]
    [InlineData("apply_patch")]
    public async Task Forcing_one_that_tools_does_not_declare_is_a_400_naming_tool_choice(string type)
    {
        using var response = await server.Client.PostResponseAsync(Body("\"hi\"", WeatherTool, $$"""{"type":"{{type}}"}"""));

        await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_value", "tool_choice");
    }
}
