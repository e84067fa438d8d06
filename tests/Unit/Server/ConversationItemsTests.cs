using System.Net;
using System.Text.Json;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Api;
using Responses.Server.Errors;
using Responses.Server.Runs.Conversation;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Server;

/// <summary>Tool calls, their outputs, reasoning and replayed items in the history, as chat turns.</summary>
public sealed class ConversationItemsTests
{
    private static readonly JsonSerializerOptions Json = ApiJson.CreateOptions();

    private static BuiltConversation Build(params InputItem[] items) =>
        ConversationBuilder.Build(new CreateResponse { Model = "m", Input = items.ToList() }, Json);

    private static ChatMessage[] Messages(params InputItem[] items) => [.. Build(items).Prompt.Messages];

    private static EasyInputMessage User(string text) => new() { Role = EasyInputMessageRole.User, Content = text };

    private static EasyInputMessage Assistant(string text, string? phase = null) =>
        new() { Role = EasyInputMessageRole.Assistant, Content = text, Phase = phase };

    private static FunctionToolCall Call(string callId, string name, string arguments = "{}", string? ns = null) =>
        new() { Id = "fc_" + callId, CallId = callId, Name = name, Arguments = arguments, Namespace = ns, Status = OutputItemStatus.Completed };

    private static FunctionCallOutputItemParam Output(string callId, FunctionCallOutput output) => new() { CallId = callId, Output = output };

    private static ReasoningItem Reasoning(string? content = null, params string[] summary) => new()
    {
        Id = "rs_1",
        Content = content is null ? null : [new ReasoningTextContent { Text = content }],
        Summary = [.. summary.Select(s => new SummaryTextContent { Text = s })],
        EncryptedContent = "b3BhcXVl",
    };

    private static ReplayedItemParam Replayed(string type, string fieldsJson)
    {
        var item = JsonSerializer.Deserialize<InputItem>($$"""{"type":"{{type}}",{{fieldsJson}}}""", Json);
        return Assert.IsType<ReplayedItemParam>(item);
    }

    private static void AssertTurn(ChatMessage turn, string role, string content, params ChatToolCall[] calls)
    {
        Assert.Equal(role, turn.Role);
        Assert.Equal(content, turn.Content);
        Assert.Equal(calls, turn.ToolCalls);
    }

    private static void AssertToolResult(ChatMessage turn, string callId, string name, string content)
    {
        Assert.Equal(new ChatMessage("tool", content) { ToolCallId = callId, Name = name }, turn);
    }

    [Fact]
    public void A_call_and_its_output_are_an_assistant_turn_and_a_tool_turn()
    {
        var messages = Messages(User("list files"), Call("call_1", "shell", """{"cmd":"ls"}"""), Output("call_1", "a.txt"));

        Assert.Equal(3, messages.Length);
        AssertTurn(messages[1], "assistant", "", new ChatToolCall("call_1", "shell", """{"cmd":"ls"}"""));
        AssertToolResult(messages[2], "call_1", "shell", "a.txt");
    }

    [Fact]
    public void Consecutive_calls_with_the_text_and_reasoning_before_them_are_one_assistant_turn()
    {
        var messages = Messages(
            User("go"),
            Reasoning("plan"),
            Assistant("Checking both.", phase: "commentary"),
            Call("call_1", "read", """{"p":"a"}"""),
            Call("call_2", "read", """{"p":"b"}"""),
            Output("call_2", "B"),
            Output("call_1", "A"),
            Assistant("Done.", phase: "final_answer"));

        Assert.Equal(5, messages.Length);
        AssertTurn(messages[1], "assistant", "Checking both.", new ChatToolCall("call_1", "read", """{"p":"a"}"""), new ChatToolCall("call_2", "read", """{"p":"b"}"""));
        Assert.Equal("plan", messages[1].Reasoning);
        // Outputs keep the order the client sent them in.
        AssertToolResult(messages[2], "call_2", "read", "B");
        AssertToolResult(messages[3], "call_1", "read", "A");
        AssertTurn(messages[4], "assistant", "Done.");
        Assert.Null(messages[4].Reasoning);
    }

    [Fact]
    public void A_call_after_an_output_opens_a_new_assistant_turn()
    {
        var messages = Messages(User("go"), Call("c1", "f"), Output("c1", "1"), Call("c2", "f"), Output("c2", "2"));

        Assert.Equal(["user", "assistant", "tool", "assistant", "tool"], messages.Select(m => m.Role));
        Assert.Equal("c2", Assert.Single(messages[3].ToolCalls).Id);
    }

    [Fact]
    public void Text_after_calls_is_a_new_assistant_turn()
    {
        var messages = Messages(User("go"), Call("c1", "f"), Assistant("later"));

        Assert.Equal(["user", "assistant", "assistant"], messages.Select(m => m.Role));
        AssertTurn(messages[2], "assistant", "later");
    }

    [Fact]
    public void Output_parts_are_joined_by_newlines_and_an_image_stands_where_it_was()
    {
        var png = TestImages.Solid(255, 0, 0);
        var built = Build(
            User("go"),
            Call("c1", "look"),
            Output("c1", new List<InputContent>
            {
                new InputTextContent { Text = "line 1" },
                new InputImageContent { ImageUrl = TestImages.DataUrl(png) },
                new InputTextContent { Text = "line 2" },
            }));

        var result = built.Prompt.Messages[2];
        AssertToolResult(result with { Images = [] }, "c1", "look", $"line 1\n{ChatImage.Marker}\nline 2");
        Assert.Equal(png, Assert.Single(result.Images).Bytes.ToArray());
        Assert.Empty(built.Notes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void An_output_without_an_earlier_call_is_400_naming_its_call_id(int position)
    {
        List<InputItem> items = [User("go"), Call("c1", "f"), Output("c1", "ok")];
        items.Insert(position, Output("call_9", "orphan"));

        var error = Assert.Throws<ApiException>(() => Build([.. items]));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, error.Type);
        Assert.Equal(ErrorTypes.InvalidValue, error.Code);
        Assert.Equal($"input[{position}].call_id", error.Param);
        Assert.Equal("No tool call found for function call output with call_id 'call_9'.", error.Message);
    }

    [Fact]
    public void A_custom_tool_output_without_its_call_is_400_too()
    {
        var error = Assert.Throws<ApiException>(() => Build(User("go"), new CustomToolCallOutput { CallId = "c1", Output = "x" }));

        Assert.Equal("input[1].call_id", error.Param);
        Assert.Equal("No tool call found for custom tool call output with call_id 'c1'.", error.Message);
    }

    [Fact]
    public void A_namespace_member_call_is_named_namespace__name_in_the_call_and_its_output()
    {
        var messages = Messages(User("go"), Call("c1", "spawn_agent", """{"task":"x"}""", ns: "multi_agent_v1"), Output("c1", "ok"));

        AssertTurn(messages[1], "assistant", "", new ChatToolCall("c1", "multi_agent_v1__spawn_agent", """{"task":"x"}"""));
        AssertToolResult(messages[2], "c1", "multi_agent_v1__spawn_agent", "ok");
    }

    [Fact]
    public void A_custom_tool_call_is_a_call_with_its_input_as_the_one_argument()
    {
        var messages = Messages(
            User("patch it"),
            new CustomToolCall { Id = "ctc_1", CallId = "c1", Name = "apply_patch", Input = "*** Begin Patch\n\"é\"" },
            new CustomToolCallOutput { CallId = "c1", Output = "Success." });

        AssertTurn(messages[1], "assistant", "", new ChatToolCall("c1", "apply_patch", """{"input":"*** Begin Patch\n\"é\""}"""));
        AssertToolResult(messages[2], "c1", "apply_patch", "Success.");
    }

    [Fact]
    public void A_function_call_output_may_answer_a_custom_call()
    {
        var messages = Messages(User("go"), new CustomToolCall { CallId = "c1", Name = "apply_patch", Input = "p" }, Output("c1", "ok"));

        AssertToolResult(messages[2], "c1", "apply_patch", "ok");
    }

    [Fact]
    public void Reasoning_text_goes_to_the_assistant_turn_it_precedes()
    {
        var messages = Messages(User("q1"), Reasoning("think 1"), Assistant("a1"), User("q2"), Reasoning(null, "sum 1", "sum 2"), Call("c1", "f"), Output("c1", "r"));

        Assert.Equal("think 1", messages[1].Reasoning);
        Assert.Equal("a1", messages[1].Content);
        Assert.Equal("sum 1\nsum 2", messages[3].Reasoning);
        Assert.Single(messages[3].ToolCalls);
    }

    [Fact]
    public void Reasoning_content_wins_over_its_summary_and_consecutive_reasoning_joins()
    {
        var messages = Messages(User("q"), Reasoning("full", "short"), Reasoning("more"), Assistant("a"));

        Assert.Equal("full\nmore", messages[1].Reasoning);
    }

    [Fact]
    public void Reasoning_after_a_turn_starts_the_next_turn()
    {
        var messages = Messages(User("q"), Assistant("a1"), Reasoning("about a2"), Assistant("a2"));

        Assert.Null(messages[1].Reasoning);
        Assert.Equal("about a2", messages[2].Reasoning);
    }

    [Fact]
    public void Reasoning_that_no_assistant_turn_follows_is_dropped_with_a_note_never_refused()
    {
        var built = Build(User("q"), Reasoning("lost"), User("again"), Reasoning(null), Reasoning("trailing"));

        Assert.Equal([new ChatMessage("user", "q"), new ChatMessage("user", "again")], built.Prompt.Messages);
        Assert.Equal(
            [
                "dropped reasoning input[1]: no assistant message or tool call follows it",
                "dropped reasoning input[4]: no assistant message or tool call follows it",
            ],
            built.Notes);
    }

    [Fact]
    public void Unknown_item_references_and_items_without_text_meaning_are_skipped_with_notes()
    {
        var built = Build(
            User("q"),
            new ItemReferenceParam { Id = "msg_1" },
            Replayed("web_search_call", """ "id":"ws_1","status":"completed","action":{"type":"search","query":"x"}"""),
            Replayed("image_generation_call", """ "id":"ig_1","status":"completed","result":"AAAA" """),
            Assistant("a"));

        Assert.Equal([new ChatMessage("user", "q"), new ChatMessage("assistant", "a")], built.Prompt.Messages);
        Assert.Equal(
            [
                "skipped input[1] (item_reference 'msg_1'): no item with that id in the conversation or the chain it continues",
                "skipped input[2] (web_search_call): no text meaning",
                "skipped input[3] (image_generation_call): no text meaning",
            ],
            built.Notes);
    }

    [Fact]
    public void An_item_reference_stands_for_the_item_with_that_id()
    {
        var question = User("What is the weather?");
        question.Id = "msg_q";
        var call = Call("c1", "get_weather", """{"city":"Paris"}""");
        call.Id = "fc_1";

        var built = Build(question, call, new ItemReferenceParam { Id = "fc_1" }, new ItemReferenceParam { Id = "msg_q" });

        Assert.Empty(built.Notes);
        Assert.Equal(["user", "assistant", "user"], built.Prompt.Messages.Select(m => m.Role));
        Assert.Equal(2, built.Prompt.Messages[1].ToolCalls.Count);
        Assert.Equal("What is the weather?", built.Prompt.Messages[2].Content);
    }

    [Fact]
    public void A_local_shell_call_and_its_output_are_a_call_of_local_shell_and_a_tool_turn()
    {
        var messages = Messages(
            User("list"),
            Replayed("local_shell_call", """ "id":"lsh_1","call_id":"c1","status":"completed","action":{"type":"exec","command":["ls","-l"],"env":{}}"""),
            Replayed("local_shell_call_output", """ "id":"c1","output":"a.txt" """),
            Replayed("shell_call", """ "call_id":"c2","action":{"commands":["pwd"]}"""),
            Output("c2", "/work"));

        AssertTurn(messages[1], "assistant", "", new ChatToolCall("c1", "local_shell", """{"type":"exec","command":["ls","-l"],"env":{}}"""));
        AssertToolResult(messages[2], "c1", "local_shell", "a.txt");
        AssertTurn(messages[3], "assistant", "", new ChatToolCall("c2", "shell", """{"commands":["pwd"]}"""));
        AssertToolResult(messages[4], "c2", "shell", "/work");
    }

    [Fact]
    public void A_shell_call_output_joins_its_streams_and_exit_code()
    {
        var messages = Messages(
            User("build"),
            Replayed("shell_call", """ "call_id":"c1","action":{"commands":["make"]}"""),
            Replayed("shell_call_output", """ "call_id":"c1","output":[{"stdout":"ok\n","stderr":"warn\n","outcome":{"type":"exit","exit_code":2}}]"""));

        AssertToolResult(messages[2], "c1", "shell", "ok\nwarn\nexit code 2");
    }

    [Fact]
    public void The_servers_own_shell_and_apply_patch_call_items_render_as_their_replayed_forms_do()
    {
        // A chain held in memory (a WebSocket's store: false turns) replays the output item objects themselves.
        var messages = Messages(
            User("fix"),
            new FunctionShellCall { Id = "sh_1", CallId = "c1", Action = new FunctionShellAction { Commands = ["make"] }, Status = OutputItemStatus.Completed },
            Replayed("shell_call_output", """ "call_id":"c1","output":[{"stdout":"ok","stderr":"","outcome":{"type":"exit","exit_code":0}}]"""),
            new ApplyPatchToolCall { Id = "apc_1", CallId = "c2", Operation = new ApplyPatchOperation { Type = ApplyPatchOperationType.DeleteFile, Path = "a.txt" }, Status = ApplyPatchCallStatus.Completed },
            Replayed("apply_patch_call_output", """ "call_id":"c2","status":"completed","output":"deleted" """));

        AssertTurn(messages[1], "assistant", "", new ChatToolCall("c1", "shell", """{"commands":["make"],"timeout_ms":null,"max_output_length":null}"""));
        AssertToolResult(messages[2], "c1", "shell", "ok\nexit code 0");
        AssertTurn(messages[3], "assistant", "", new ChatToolCall("c2", "apply_patch", """{"type":"delete_file","path":"a.txt"}"""));
        AssertToolResult(messages[4], "c2", "apply_patch", "deleted");
    }

    [Fact]
    public void A_replayed_output_without_its_call_is_skipped_with_a_note()
    {
        var built = Build(User("q"), Replayed("local_shell_call_output", """ "id":"lsh_9","output":"x" """));

        Assert.Equal([new ChatMessage("user", "q")], built.Prompt.Messages);
        Assert.Equal(["skipped input[1] (local_shell_call_output): no call with call_id 'lsh_9' before it"], built.Notes);
    }

    [Fact]
    public void A_replayed_call_without_call_id_is_skipped_with_a_note()
    {
        var built = Build(User("q"), Replayed("local_shell_call", """ "id":"lsh_1","action":{"type":"exec","command":["ls"]}"""));

        Assert.Equal(["skipped input[1] (local_shell_call): no call_id or action"], built.Notes);
    }

    [Fact]
    public void An_unknown_item_type_is_refused_when_the_body_is_read()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<InputItem>("""{"type":"hologram_call"}""", Json));

        Assert.Contains("'hologram_call'", error.Message);
    }
}
