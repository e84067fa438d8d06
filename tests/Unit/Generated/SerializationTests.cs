using System.Text.Json;
using System.Text.Json.Nodes;
using Responses.Generated;
using Responses.Tests.Support;
using Xunit;

namespace Responses.Tests.Unit.Generated;

/// <summary>
/// The generated DTOs (src/Generated, from spec/openapi.yaml) read what real clients send and write exactly
/// OpenAI's JSON shapes, with the options the server uses (<see cref="TestJson.Options"/>).
/// </summary>
public class SerializationTests
{
    private static readonly JsonSerializerOptions Options = TestJson.Options;

    private static CreateResponse Read(string json) =>
        JsonSerializer.Deserialize<CreateResponse>(json, Options)!;

    private static JsonNode ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options)!;

    private static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual),
            $"expected:\n{JsonNode.Parse(expected)!.ToJsonString()}\nactual:\n{actual.ToJsonString()}");

    // ------------------------------------------------------------------ requests

    [Fact]
    public void Reads_dotnet_sdk_request_with_typed_message_items()
    {
        var request = Read("""{"model":"m","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}],"stream":true}""");

        Assert.Equal("m", request.Model);
        Assert.True(request.Stream);
        Assert.False(request.Input!.IsText);
        var message = Assert.IsType<EasyInputMessage>(Assert.Single(request.Input.Items!));
        Assert.Equal(EasyInputMessageRole.User, message.Role);
        var part = Assert.IsType<InputTextContent>(Assert.Single(message.Content.Items!));
        Assert.Equal("hi", part.Text);
        Assert.Empty(message.AdditionalProperties);
    }

    [Fact]
    public void Reads_plain_string_request()
    {
        var request = Read("""{"model":"m","input":"hi","instructions":"be brief","max_output_tokens":16}""");

        Assert.True(request.Input!.IsText);
        Assert.Equal("hi", request.Input.Text);
        Assert.Equal("be brief", request.Instructions);
        Assert.Equal(16, request.MaxOutputTokens);
        Assert.Null(request.Stream);
    }

    [Fact]
    public void An_item_without_type_is_a_message()
    {
        var request = Read("""{"model":"m","input":[{"role":"user","content":"hi"},{"content":[{"text":"ok","type":"output_text"}],"role":"assistant","id":"msg_1","status":"completed"}]}""");

        var user = Assert.IsType<EasyInputMessage>(request.Input!.Items![0]);
        Assert.Equal("hi", user.Content.Text);
        var assistant = Assert.IsType<EasyInputMessage>(request.Input.Items[1]);
        Assert.Equal(EasyInputMessageRole.Assistant, assistant.Role);
        Assert.Equal("msg_1", assistant.Id);
        Assert.Equal(ItemStatus.Completed, assistant.Status);
        Assert.Equal("ok", Assert.IsType<OutputTextContent>(Assert.Single(assistant.Content.Items!)).Text);
    }

    [Fact]
    public void Unknown_item_type_is_a_json_error_naming_it()
    {
        var error = Assert.Throws<JsonException>(() => Read("""{"model":"m","input":[{"type":"bogus_item","x":1}]}"""));
        Assert.Contains("'bogus_item'", error.Message);
    }

    [Fact]
    public void Reads_codex_style_request()
    {
        var request = Read("""
        {
          "model": "gpt-5-codex",
          "instructions": "You are Codex.",
          "input": [
            {"type":"message","role":"developer","content":[{"type":"input_text","text":"<permissions/>"}]},
            {"type":"message","role":"user","content":[{"type":"input_text","text":"list files"}]},
            {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"thinking"}],"encrypted_content":null},
            {"type":"function_call","id":"fc_1","call_id":"call_1","name":"shell","arguments":"{\"command\":[\"ls\"]}","status":"completed"},
            {"type":"function_call_output","call_id":"call_1","output":"a.txt"},
            {"type":"message","role":"assistant","content":[{"type":"output_text","text":"done","annotations":[]}]}
          ],
          "tools": [
            {"type":"function","name":"shell","description":"Runs a command","strict":false,
             "parameters":{"type":"object","properties":{"command":{"type":"array","items":{"type":"string"}}},"required":["command"]}},
            {"type":"custom","name":"apply_patch","description":"Patch","format":{"type":"grammar","syntax":"lark","definition":"start: x"}},
            {"type":"web_search"},
            {"type":"local_shell"},
            {"type":"brand_new_tool","some":{"nested":true}}
          ],
          "tool_choice": "auto",
          "parallel_tool_calls": false,
          "reasoning": {"effort":"medium","summary":"auto"},
          "store": false,
          "stream": true,
          "include": ["reasoning.encrypted_content"],
          "prompt_cache_key": "0199-abc",
          "text": {"format":{"type":"text"},"verbosity":"low"}
        }
        """);

        Assert.Equal("You are Codex.", request.Instructions);
        Assert.Equal(6, request.Input!.Items!.Count);
        Assert.IsType<ReasoningItem>(request.Input.Items[2]);
        var call = Assert.IsType<FunctionToolCall>(request.Input.Items[3]);
        Assert.Equal("call_1", call.CallId);
        Assert.Equal("a.txt", Assert.IsType<FunctionCallOutputItemParam>(request.Input.Items[4]).Output.Text);

        Assert.Equal(5, request.Tools!.Count);
        var shell = Assert.IsType<FunctionTool>(request.Tools[0]);
        Assert.Equal("shell", shell.Name);
        Assert.False(shell.Strict);
        Assert.Equal(JsonValueKind.Object, Assert.IsType<JsonElement>(shell.Parameters).ValueKind);
        Assert.IsType<CustomToolParam>(request.Tools[1]);
        Assert.IsType<WebSearchTool>(request.Tools[2]);
        Assert.Equal("brand_new_tool", Assert.IsType<UnknownTool>(request.Tools[4]).Type);

        Assert.Equal(ToolChoiceOptions.Auto, request.ToolChoice!.Options);
        Assert.False(request.ParallelToolCalls);
        Assert.Equal(ReasoningEffort.Medium, request.Reasoning!.Effort);
        Assert.Equal(ReasoningSummary.Auto, request.Reasoning.Summary);
        Assert.False(request.Store);
        Assert.Equal([IncludeEnum.ReasoningEncryptedContent], request.Include!);
        Assert.Equal("0199-abc", request.PromptCacheKey);
        Assert.IsType<ResponseFormatText>(request.Text!.Format);
        Assert.Equal(Verbosity.Low, request.Text.Verbosity);
    }

    [Fact]
    public void Tool_choice_object_forms()
    {
        var function = Read("""{"tool_choice":{"type":"function","name":"get_weather"}}""").ToolChoice!;
        Assert.Equal("get_weather", function.Function!.Name);
        Assert.Equal("function", function.ObjectType);
        var hosted = Read("""{"tool_choice":{"type":"web_search_preview"}}""").ToolChoice!;
        Assert.Equal("web_search_preview", hosted.ObjectType);
        Assert.NotNull(hosted.Other);
        AssertJson("""{"type":"web_search_preview"}""", ToNode(hosted));
        AssertJson("""{"type":"function","name":"get_weather"}""", ToNode(function));
        Assert.Throws<JsonException>(() => Read("""{"tool_choice":"sometimes"}"""));
    }

    [Fact]
    public void Allowed_tools_tool_choice_is_typed_and_round_trips_unchanged()
    {
        const string json = """{"type":"allowed_tools","mode":"required","tools":[{"type":"function","name":"get_weather"},{"type":"mcp","server_label":"deepwiki"}]}""";

        var choice = Read($$"""{"tool_choice":{{json}}}""").ToolChoice!;

        Assert.Equal("allowed_tools", choice.ObjectType);
        Assert.Equal(ToolChoiceAllowedMode.Required, choice.Allowed!.Mode);
        Assert.Equal(2, choice.Allowed.Tools.Count);
        Assert.Null(choice.Other);
        AssertJson(json, ToNode(choice));
    }

    [Fact]
    public void Allowed_tools_without_mode_is_a_json_error_naming_it()
    {
        var error = Assert.Throws<JsonException>(() => Read("""{"tool_choice":{"type":"allowed_tools","tools":[]}}"""));

        Assert.Contains("mode", error.Message);
        Assert.Equal("tool_choice", NestedJsonErrors.ParamOf(error));
    }

    [Fact]
    public void Custom_tool_items_are_read_and_round_trip()
    {
        var request = Read("""
            {"input":[
              {"type":"custom_tool_call","call_id":"call_1","name":"apply_patch","input":"*** Begin Patch"},
              {"type":"custom_tool_call_output","call_id":"call_1","output":"Done"}
            ]}
            """);

        var call = Assert.IsType<CustomToolCall>(request.Input!.Items![0]);
        Assert.Equal("*** Begin Patch", call.Input);
        Assert.Equal("Done", Assert.IsType<CustomToolCallOutput>(request.Input.Items[1]).Output.Text);
        AssertJson("""{"type":"custom_tool_call_output","call_id":"call_1","output":"Done"}""", ToNode<InputItem>(request.Input.Items[1]));
    }

    [Theory]
    [InlineData("""{"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"search","query":"q"}}""")]
    [InlineData("""{"type":"local_shell_call","id":"lsh_1","call_id":"call_1","status":"completed","action":{"type":"exec","command":["ls"],"env":{}}}""")]
    [InlineData("""{"type":"mcp_call","id":"mcp_1","server_label":"s","name":"n","arguments":"{}","output":null}""")]
    public void Replayed_items_keep_their_type_and_every_field(string item)
    {
        var request = Read($$"""{"input":[{{item}}]}""");

        var replayed = Assert.IsType<ReplayedItemParam>(Assert.Single(request.Input!.Items!));
        Assert.Equal(JsonNode.Parse(item)!["type"]!.GetValue<string>(), replayed.ItemType);
        Assert.DoesNotContain("type", replayed.AdditionalProperties.Keys);
        AssertJson(item, ToNode<InputItem>(replayed));
    }

    [Theory]
    [InlineData("""{"type":"compaction","id":"cmp_1","encrypted_content":"abc"}""")]
    [InlineData("""{"type":"compaction","encrypted_content":"abc"}""")]
    public void Compaction_items_are_read_as_compaction_items_and_written_back_unchanged(string item)
    {
        var request = Read($$"""{"input":[{{item}},{"type":"compaction_trigger"}]}""");

        var compaction = Assert.IsType<CompactionSummaryItemParam>(request.Input!.Items![0]);
        Assert.Equal("abc", compaction.EncryptedContent);
        Assert.IsType<CompactionTriggerItemParam>(request.Input.Items[1]);
        AssertJson(item, ToNode<InputItem>(compaction));
        AssertJson("""{"type":"compaction_trigger"}""", ToNode<InputItem>(request.Input.Items[1]));
    }

    [Fact]
    public void Json_schema_text_format_is_read()
    {
        var request = Read("""{"text":{"format":{"name":"out","type":"json_schema","strict":true,"schema":{"type":"object"}}}}""");
        var format = Assert.IsType<TextResponseFormatJsonSchema>(request.Text!.Format);
        Assert.Equal("out", format.Name);
        Assert.True(format.Strict);
    }

    [Fact]
    public void Optional_request_fields_are_not_written_when_null_and_items_round_trip_with_type()
    {
        var request = new CreateResponse
        {
            Model = "m",
            Input = new List<InputItem>
            {
                new EasyInputMessage { Role = EasyInputMessageRole.User, Content = "hi" },
                new FunctionCallOutputItemParam { CallId = "c", Output = "42" },
            },
            Tools = [new FunctionTool { Name = "f", Parameters = null, Strict = true }],
        };

        AssertJson("""
            {"model":"m",
             "input":[{"type":"message","role":"user","content":"hi"},{"type":"function_call_output","call_id":"c","output":"42"}],
             "tools":[{"type":"function","name":"f","parameters":null,"strict":true}]}
            """, ToNode(request));
        var back = JsonSerializer.Deserialize<CreateResponse>(ToNode(request).ToJsonString(), Options)!;
        Assert.IsType<FunctionCallOutputItemParam>(back.Input!.Items![1]);
    }

    // ----------------------------------------------------------------- responses

    private static Response SampleResponse(ResponseStatus status = ResponseStatus.Completed) => new()
    {
        Id = "resp_1",
        CreatedAt = 1700000000,
        Status = status,
        Model = "m",
        Output =
        {
            new OutputMessage
            {
                Id = "msg_1",
                Status = OutputItemStatus.Completed,
                Content = { new OutputTextContent { Text = "Hello" } },
            },
        },
        Usage = new ResponseUsage
        {
            InputTokens = 3,
            OutputTokens = 1,
            TotalTokens = 4,
            InputTokensDetails = new ResponseUsageInputTokensDetails(),
            OutputTokensDetails = new ResponseUsageOutputTokensDetails(),
        },
    };

    private const string SampleResponseJson = """
        {
          "id":"resp_1","object":"response","created_at":1700000000,"status":"completed","completed_at":null,
          "error":null,"incomplete_details":null,"instructions":null,"model":"m",
          "output":[{"type":"message","id":"msg_1","role":"assistant",
                     "content":[{"type":"output_text","text":"Hello","annotations":[],"logprobs":[]}],"status":"completed"}],
          "parallel_tool_calls":true,"metadata":null,"tool_choice":"auto","tools":[],"temperature":null,"top_p":null,
          "presence_penalty":0,"frequency_penalty":0,"top_logprobs":null,"max_output_tokens":null,"max_tool_calls":null,"previous_response_id":null,"reasoning":null,
          "text":{"format":{"type":"text"}},"truncation":null,
          "usage":{"input_tokens":3,"input_tokens_details":{"cached_tokens":0,"cache_write_tokens":0},"output_tokens":1,
                   "output_tokens_details":{"reasoning_tokens":0},"total_tokens":4},
          "user":null,"store":null,"background":null,"service_tier":null,"prompt_cache_key":null,"safety_identifier":null
        }
        """;

    [Fact]
    public void Response_is_written_in_OpenAI_shape_with_nulls_present()
    {
        AssertJson(SampleResponseJson, ToNode(SampleResponse()));
    }

    [Fact]
    public void Response_round_trips()
    {
        var back = JsonSerializer.Deserialize<Response>(ToNode(SampleResponse()).ToJsonString(), Options)!;
        var message = Assert.IsType<OutputMessage>(Assert.Single(back.Output));
        Assert.Equal("Hello", Assert.IsType<OutputTextContent>(Assert.Single(message.Content)).Text);
        Assert.Equal(ToolChoiceOptions.Auto, back.ToolChoice.Options);
    }

    [Fact]
    public void Failed_and_incomplete_responses()
    {
        var failed = SampleResponse(ResponseStatus.Failed);
        failed.Error = new ResponseError { Code = "context_length_exceeded", Message = "too long" };
        Assert.Equal("""{"code":"context_length_exceeded","message":"too long"}""", ToNode(failed)["error"]!.ToJsonString());

        var incomplete = SampleResponse(ResponseStatus.Incomplete);
        incomplete.IncompleteDetails = new ResponseIncompleteDetails { Reason = ResponseIncompleteDetailsReason.MaxOutputTokens };
        var node = ToNode(incomplete);
        Assert.Equal("incomplete", node["status"]!.GetValue<string>());
        Assert.Equal("""{"reason":"max_output_tokens"}""", node["incomplete_details"]!.ToJsonString());
    }

    [Fact]
    public void Error_response_and_models_shapes()
    {
        AssertJson("""{"error":{"code":null,"message":"bad","param":null,"type":"invalid_request_error"}}""",
            ToNode(new ErrorResponse { Error = new Error { Message = "bad", Type = "invalid_request_error" } }));
        AssertJson("""{"object":"list","data":[{"id":"m","created":1,"object":"model","owned_by":"local","input_modalities":["text","image"]}]}""",
            ToNode(new ListModelsResponse { Data = { new Model { Id = "m", Created = 1, OwnedBy = "local", InputModalities = [InputModalities.Text, InputModalities.Image] } } }));
    }

    // -------------------------------------------------------------------- events

    /// <summary>One of each event, with the JSON OpenAI sends for it.</summary>
    public static TheoryData<string, string> Events()
    {
        var part = """{"type":"output_text","text":"","annotations":[],"logprobs":[]}""";
        var item = """{"type":"message","id":"msg_1","role":"assistant","content":[],"status":"in_progress"}""";
        return new()
        {
            { "response.output_item.added", $$"""{"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{{item}}}""" },
            { "response.output_item.done", $$"""{"type":"response.output_item.done","sequence_number":2,"output_index":0,"item":{{item}}}""" },
            { "response.content_part.added", $$"""{"type":"response.content_part.added","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"part":{{part}}}""" },
            { "response.content_part.done", $$"""{"type":"response.content_part.done","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"part":{{part}}}""" },
            { "response.output_text.delta", """{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"He","logprobs":[]}""" },
            { "response.output_text.done", """{"type":"response.output_text.done","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"text":"Hello","logprobs":[]}""" },
            { "error", """{"type":"error","sequence_number":6,"code":"server_error","message":"boom","param":null}""" },
        };
    }

    private static ResponseStreamEvent MakeEvent(string type)
    {
        OutputItem Item() => new OutputMessage { Id = "msg_1", Status = OutputItemStatus.InProgress };
        OutputContent Part() => new OutputTextContent { Text = "" };
        return type switch
        {
            "response.output_item.added" => new ResponseOutputItemAddedEvent { SequenceNumber = 2, OutputIndex = 0, Item = Item() },
            "response.output_item.done" => new ResponseOutputItemDoneEvent { SequenceNumber = 2, OutputIndex = 0, Item = Item() },
            "response.content_part.added" => new ResponseContentPartAddedEvent { SequenceNumber = 3, ItemId = "msg_1", Part = Part() },
            "response.content_part.done" => new ResponseContentPartDoneEvent { SequenceNumber = 3, ItemId = "msg_1", Part = Part() },
            "response.output_text.delta" => new ResponseTextDeltaEvent { SequenceNumber = 4, ItemId = "msg_1", Delta = "He" },
            "response.output_text.done" => new ResponseTextDoneEvent { SequenceNumber = 5, ItemId = "msg_1", Text = "Hello" },
            "error" => new ResponseErrorEvent { SequenceNumber = 6, Code = "server_error", Message = "boom" },
            _ => throw new ArgumentException(type),
        };
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Event_is_written_in_OpenAI_shape_as_base_type(string type, string expected)
    {
        var streamEvent = MakeEvent(type);
        var json = TestJson.Event(streamEvent);
        AssertJson(expected, JsonNode.Parse(json)!);
        Assert.StartsWith($$"""{"type":"{{type}}",""", json);
        Assert.Equal(type, ResponsesJson.EventType(streamEvent));
        // Serializing as the derived type loses "type": always serialize as ResponseStreamEvent.
        Assert.Null(JsonSerializer.SerializeToNode(streamEvent, streamEvent.GetType(), Options)!["type"]);
        // Round trip through the base type.
        Assert.IsType(streamEvent.GetType(), JsonSerializer.Deserialize<ResponseStreamEvent>(json, Options));
    }

    [Fact]
    public void Lifecycle_events_carry_the_response()
    {
        ResponseStreamEvent[] events =
        [
            new ResponseCreatedEvent { SequenceNumber = 0, Response = SampleResponse(ResponseStatus.InProgress) },
            new ResponseInProgressEvent { SequenceNumber = 1, Response = SampleResponse(ResponseStatus.InProgress) },
            new ResponseCompletedEvent { SequenceNumber = 9, Response = SampleResponse() },
            new ResponseIncompleteEvent { SequenceNumber = 9, Response = SampleResponse(ResponseStatus.Incomplete) },
            new ResponseFailedEvent { SequenceNumber = 9, Response = SampleResponse(ResponseStatus.Failed) },
        ];
        string[] types = ["response.created", "response.in_progress", "response.completed", "response.incomplete", "response.failed"];
        for (var i = 0; i < events.Length; i++)
        {
            var node = JsonNode.Parse(TestJson.Event(events[i]))!;
            Assert.Equal(types[i], node["type"]!.GetValue<string>());
            Assert.Equal("resp_1", node["response"]!["id"]!.GetValue<string>());
            Assert.True(node["response"]!.AsObject().TryGetPropertyValue("error", out var error) && error is null);
        }
        var completed = JsonNode.Parse(TestJson.Event(events[2]))!;
        var expected = JsonNode.Parse(SampleResponseJson)!;
        Assert.True(JsonNode.DeepEquals(expected, completed["response"]));
    }

    // ------------------------------------------- against OpenAI's JSON Schemas

    [OpenAISchemaFact]
    public void Response_and_events_validate_against_OpenAI_schemas()
    {
        OpenAISchemas.AssertValid("Response", ToNode(SampleResponse()));
        foreach (var type in new[] { "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.done", "response.content_part.done", "response.output_item.done", "error" })
            OpenAISchemas.AssertValid("ResponseStreamEvent", JsonNode.Parse(TestJson.Event(MakeEvent(type)))!);
        OpenAISchemas.AssertValid("ResponseStreamEvent", JsonNode.Parse(TestJson.Event(
            new ResponseCompletedEvent { SequenceNumber = 9, Response = SampleResponse() }))!);
        OpenAISchemas.AssertValid("ErrorResponse", ToNode(new ErrorResponse { Error = new Error { Message = "bad", Type = "invalid_request_error" } }));
        OpenAISchemas.AssertValid("ListModelsResponse", ToNode(new ListModelsResponse { Data = { new Model { Id = "m", Created = 1, OwnedBy = "local" } } }));
        OpenAISchemas.AssertValid("CreateResponse", JsonNode.Parse("""{"model":"m","input":[{"role":"user","content":"hi"}],"tool_choice":"auto"}""")!);
    }
}
