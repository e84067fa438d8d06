using System.Net;
using System.Text.Json;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Api;
using Responses.Server.Errors;
using Responses.Server.Runs.Conversation;
using Responses.Server.Runs.Tools;

namespace Responses.Tests.Unit.Server;

/// <summary>The request's tools and tool_choice as offered functions, the tool table and the notes.</summary>
public sealed class ToolTableBuilderTests
{
    private static readonly JsonSerializerOptions Json = ApiJson.CreateReadOptions();

    /// <summary>A request read from JSON, as the server reads it: tools stay JSON elements where the spec is free-form.</summary>
    private static CreateResponse Request(string tools, string? toolChoice = null, string extra = "") =>
        JsonSerializer.Deserialize<CreateResponse>(
            $$"""{"model":"m","input":"hi","tools":{{tools}}{{(toolChoice is null ? "" : $",\"tool_choice\":{toolChoice}")}}{{extra}}}""", Json)!;

    private static RequestTools Build(string tools, string? toolChoice = null, string extra = "") =>
        ToolTableBuilder.Build(Request(tools, toolChoice, extra), Json);

    private static ApiException Refused(string tools, string? toolChoice)
    {
        var error = Assert.Throws<ApiException>(() => Build(tools, toolChoice));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, error.Type);
        return error;
    }

    private const string Weather = """{"type":"function","name":"get_weather","description":"Weather now","strict":true,"parameters":{"type":"object","properties":{"city":{"type":"string","description":"Zürich?"}},"required":["city"],"additionalProperties":false}}""";

    private const string Agents = """{"type":"namespace","name":"agents","description":"Sub-agents.","tools":[{"type":"function","name":"spawn","description":"Start one","parameters":{"type":"object"}},{"type":"custom","name":"script"}]}""";

    private const string Patch = """{"type":"custom","name":"apply_patch","description":"Edit files","format":{"type":"grammar","syntax":"lark","definition":"start: line+"}}""";

    private const string Hosted = """{"type":"web_search"},{"type":"image_generation"},{"type":"local_shell"},{"type":"mcp","server_label":"x"},{"type":"web_search"}""";

    [Fact]
    public void A_function_is_offered_with_its_parameters_as_sent()
    {
        var tools = Build($"[{Weather}]");

        var tool = Assert.Single(tools.Tools);
        Assert.Equal("get_weather", tool.Name);
        Assert.Equal("Weather now", tool.Description);
        Assert.True(tool.Strict);
        Assert.Equal(
            """{"type":"object","properties":{"city":{"type":"string","description":"Zürich?"}},"required":["city"],"additionalProperties":false}""",
            tool.ParametersJson);
        Assert.Equal(new OfferedTool("get_weather", "get_weather", null, ToolKind.Function), tools.Table.Resolve("get_weather"));
        Assert.Equal(ToolChoice.Auto, tools.Choice);
        Assert.Empty(tools.Unavailable);
        Assert.Empty(tools.Notes);
    }

    [Fact]
    public void A_function_without_strict_or_parameters_is_offered_loosely()
    {
        var tool = Assert.Single(Build("""[{"type":"function","name":"now"}]""").Tools);

        Assert.Equal(new ChatTool("now", null, null, Strict: false), tool);
    }

    [Fact]
    public void Namespace_members_are_offered_as_namespace__name()
    {
        var tools = Build($"[{Agents}]");

        Assert.Equal(["agents__spawn", "agents__script"], tools.Tools.Select(t => t.Name));
        Assert.Equal("Start one", tools.Tools[0].Description);
        Assert.Equal("""{"type":"object"}""", tools.Tools[0].ParametersJson);
        Assert.Equal(new OfferedTool("agents__spawn", "spawn", "agents", ToolKind.Function), tools.Table.Resolve("agents__spawn"));
        Assert.Equal(new OfferedTool("agents__script", "script", "agents", ToolKind.Custom), tools.Table.Resolve("agents__script"));
    }

    [Fact]
    public void A_custom_tool_is_a_function_of_one_string_input_described_by_its_grammar()
    {
        var tools = Build($"[{Patch}]");

        var tool = Assert.Single(tools.Tools);
        Assert.Equal("apply_patch", tool.Name);
        Assert.Equal("Edit files", tool.Description);
        Assert.True(tool.Strict);
        Assert.Equal(
            """{"type":"object","properties":{"input":{"type":"string","description":"The tool's input, as text in this lark grammar:\nstart: line+"}},"required":["input"],"additionalProperties":false}""",
            tool.ParametersJson);
        Assert.True(tools.Table.Resolve("apply_patch").IsCustom);
    }

    [Fact]
    public void A_custom_tool_without_a_grammar_takes_free_text()
    {
        var tool = Assert.Single(Build("""[{"type":"custom","name":"note","format":{"type":"text"}}]""").Tools);

        Assert.Contains("free-form text", tool.ParametersJson);
    }

    [Fact]
    public void Hosted_and_unknown_tools_are_not_offered_but_named_once_as_unavailable()
    {
        var tools = Build($"[{Hosted},{Weather},{{\"type\":\"brand_new\"}}]");

        Assert.Equal(["get_weather"], tools.Tools.Select(t => t.Name));
        Assert.Equal(["web_search", "image_generation", "local_shell", "mcp", "brand_new"], tools.Unavailable);
        Assert.Single(tools.Notes);
    }

    [Fact]
    public void The_system_message_says_which_tools_are_unavailable()
    {
        var request = Request($"[{Hosted}]");
        request.Instructions = "Be brief.";

        var system = ConversationBuilder.Build(request, Json).Prompt.Messages[0];

        Assert.Equal(
            new ChatMessage("system", "Be brief.\n\nThe tools web_search, image_generation, local_shell, mcp are not available on this server."),
            system);
    }

    [Fact]
    public void One_unavailable_tool_is_named_in_the_singular()
    {
        var messages = ConversationBuilder.Build(Request("""[{"type":"web_search_preview"}]"""), Json).Prompt.Messages;

        Assert.Equal(new ChatMessage("system", "The tool web_search_preview is not available on this server."), messages[0]);
    }

    [Fact]
    public void Tool_choice_none_offers_nothing_and_says_nothing()
    {
        var tools = Build($"[{Weather},{Hosted}]", "\"none\"");

        Assert.Empty(tools.Tools);
        Assert.Empty(tools.Table.Tools);
        Assert.Empty(tools.Unavailable);
        Assert.Equal(ToolChoice.Auto, tools.Choice);
    }

    [Fact]
    public void Tool_choice_auto_and_required()
    {
        Assert.Equal(ToolChoice.Auto, Build($"[{Weather}]", "\"auto\"").Choice);
        Assert.Equal(ToolChoice.Required, Build($"[{Weather}]", "\"required\"").Choice);
    }

    [Fact]
    public void Tool_choice_required_without_a_callable_tool_is_400()
    {
        var error = Refused($"[{Hosted}]", "\"required\"");

        Assert.Equal("tool_choice", error.Param);
        Assert.Equal(ErrorTypes.InvalidValue, error.Code);
    }

    [Fact]
    public void A_named_function_forces_a_call_of_it_among_all_tools()
    {
        var tools = Build($"[{Weather},{Patch}]", """{"type":"function","name":"get_weather"}""");

        Assert.Equal(ToolChoiceMode.Required, tools.Choice.Mode);
        Assert.Equal(["get_weather"], tools.Choice.Allowed!);
        Assert.Equal(2, tools.Tools.Count);
    }

    [Fact]
    public void A_named_custom_tool_forces_a_call_of_it()
    {
        var tools = Build($"[{Weather},{Patch}]", """{"type":"custom","name":"apply_patch"}""");

        Assert.Equal(["apply_patch"], tools.Choice.Allowed!);
    }

    [Fact]
    public void A_named_namespace_member_is_found_by_its_model_name_or_its_namespace()
    {
        Assert.Equal(["agents__spawn"], Build($"[{Agents}]", """{"type":"function","name":"agents__spawn"}""").Choice.Allowed!);
        Assert.Equal(["agents__spawn"], Build($"[{Agents}]", """{"type":"function","name":"spawn","namespace":"agents"}""").Choice.Allowed!);
    }

    [Theory]
    [InlineData("""{"type":"function","name":"get_time"}""", "Tool choice 'function' with name 'get_time' not found in 'tools'.")]
    [InlineData("""{"type":"function","name":"apply_patch"}""", "Tool choice 'function' with name 'apply_patch' not found in 'tools'.")]
    [InlineData("""{"type":"custom","name":"get_weather"}""", "Tool choice 'custom' with name 'get_weather' not found in 'tools'.")]
    public void A_named_tool_that_is_not_in_tools_is_400(string choice, string message)
    {
        var error = Refused($"[{Weather},{Patch}]", choice);

        Assert.Equal("tool_choice.name", error.Param);
        Assert.Equal(ErrorTypes.InvalidValue, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Allowed_tools_narrow_what_is_offered()
    {
        var tools = Build(
            $"[{Weather},{Patch},{Agents},{{\"type\":\"function\",\"name\":\"other\"}}]",
            """{"type":"allowed_tools","mode":"auto","tools":[{"type":"custom","name":"apply_patch"},{"type":"namespace","name":"agents"},{"type":"web_search"}]}""");

        Assert.Equal(["apply_patch", "agents__spawn", "agents__script"], tools.Tools.Select(t => t.Name));
        Assert.Equal(3, tools.Table.Tools.Count);
        Assert.Equal(ToolChoice.Auto, tools.Choice);
    }

    [Fact]
    public void Allowed_tools_required_forces_a_call_of_one_of_them()
    {
        var tools = Build($"[{Weather},{Patch}]", """{"type":"allowed_tools","mode":"required","tools":[{"type":"function","name":"get_weather"}]}""");

        Assert.Equal(["get_weather"], tools.Tools.Select(t => t.Name));
        Assert.Equal(ToolChoice.Required, tools.Choice);
    }

    [Fact]
    public void Allowed_tools_naming_a_tool_that_is_not_in_tools_is_400_naming_the_entry()
    {
        var error = Refused($"[{Weather}]", """{"type":"allowed_tools","mode":"auto","tools":[{"type":"function","name":"get_weather"},{"type":"function","name":"nope"}]}""");

        Assert.Equal("tool_choice.tools[1]", error.Param);
        Assert.Contains("'nope'", error.Message);
    }

    [Fact]
    public void Allowed_tools_required_with_only_hosted_tools_is_400()
    {
        var error = Refused($"[{Weather},{Hosted}]", """{"type":"allowed_tools","mode":"required","tools":[{"type":"web_search"}]}""");

        Assert.Equal("tool_choice", error.Param);
    }

    [Fact]
    public void A_hosted_tool_choice_is_auto_with_a_note()
    {
        var tools = Build($"[{Weather}]", """{"type":"web_search_preview"}""");

        Assert.Equal(ToolChoice.Auto, tools.Choice);
        Assert.Single(tools.Tools);
        Assert.Equal(["web_search_preview"], tools.Unavailable);
        Assert.Equal(["tool_choice web_search_preview treated as auto: a hosted tool this server does not run"], tools.Notes);
    }

    /// <remarks>max_tool_calls bounds built-in (hosted) tool calls at OpenAI, never function calls: it changes nothing here.</remarks>
    [Theory]
    [InlineData(null, null, null)]
    [InlineData(true, null, null)]
    [InlineData(false, null, 1)]
    [InlineData(null, 5, null)]
    [InlineData(false, 5, 1)]
    [InlineData(true, 1, null)]
    public void Parallel_tool_calls_limits_the_calls_and_max_tool_calls_does_not(bool? parallel, int? max, int? expected)
    {
        var request = Request($"[{Weather}]");
        request.ParallelToolCalls = parallel;
        request.MaxToolCalls = max;

        Assert.Equal(expected, ToolTableBuilder.Build(request, Json).MaxToolCalls);
    }

    [Fact]
    public void Duplicate_tool_names_are_400_naming_the_second()
    {
        var error = Refused($"[{Weather},{Weather}]", null);

        Assert.Equal("tools[1].name", error.Param);
    }

    [Fact]
    public void A_namespace_member_without_a_name_is_400_naming_it()
    {
        var error = Refused("""[{"type":"namespace","name":"ns","description":"d","tools":[{"type":"function","name":"ok"},{"type":"function"}]}]""", null);

        Assert.Equal("tools[0].tools[1].name", error.Param);
        Assert.Equal(ErrorTypes.MissingRequiredParameter, error.Code);
    }

    [Fact]
    public void A_hosted_tool_inside_a_namespace_is_400()
    {
        var error = Refused("""[{"type":"namespace","name":"ns","description":"d","tools":[{"type":"web_search"}]}]""", null);

        Assert.Equal("tools[0].tools[0].type", error.Param);
    }

    [Fact]
    public void The_prompt_carries_the_tools_choice_and_limit()
    {
        var request = Request($"[{Weather}]", "\"required\"", ",\"parallel_tool_calls\":false");

        var built = ConversationBuilder.Build(request, Json);

        Assert.Equal(["get_weather"], built.Prompt.Tools.Select(t => t.Name));
        Assert.Equal(ToolChoice.Required, built.Prompt.ToolChoice);
        Assert.Equal(1, built.Prompt.MaxToolCalls);
        Assert.Equal("get_weather", built.Tools.Resolve("get_weather").Name);
    }
}
