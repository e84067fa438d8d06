using System.Text.Json;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Api;
using Responses.Server.Errors;
using Responses.Server.Runs.Conversation;

namespace Responses.Tests.Unit.Server;

/// <summary>text.format and reasoning.effort as the prompt's output format and thinking switch.</summary>
public sealed class PromptSettingsTests
{
    private static readonly JsonSerializerOptions Json = ApiJson.CreateReadOptions();

    private static ChatPrompt Prompt(string fields) =>
        ConversationBuilder.Build(JsonSerializer.Deserialize<CreateResponse>($$"""{"model":"m","input":"hi"{{fields}}}""", Json)!, Json).Prompt;

    [Fact]
    public void Defaults_are_text_and_the_templates_own_thinking()
    {
        var prompt = Prompt("");

        Assert.Equal(OutputFormat.Text, prompt.Format);
        Assert.Null(prompt.EnableThinking);
        Assert.Empty(prompt.Tools);
        Assert.Equal(ToolChoice.Auto, prompt.ToolChoice);
        Assert.Null(prompt.MaxToolCalls);
    }

    [Theory]
    [InlineData("""{"type":"text"}""")]
    [InlineData(null)]
    public void Text_format_is_text(string? format)
    {
        var text = format is null ? ""","text":{"verbosity":"low"}""" : $$""","text":{"format":{{format}}}""";

        Assert.Equal(OutputFormat.Text, Prompt(text).Format);
    }

    [Fact]
    public void Json_object_format()
    {
        Assert.Equal(OutputFormat.JsonObject, Prompt(""","text":{"format":{"type":"json_object"}}""").Format);
    }

    [Fact]
    public void Json_schema_format_carries_name_schema_text_and_strict()
    {
        var prompt = Prompt(""","text":{"format":{"type":"json_schema","name":"answer","strict":true,"schema":{"type":"object","properties":{"städte":{"type":"array"}}}}}""");

        Assert.Equal(new JsonSchemaFormat("answer", """{"type":"object","properties":{"städte":{"type":"array"}}}""", Strict: true), prompt.Format);
    }

    [Fact]
    public void Json_schema_format_is_not_strict_unless_asked()
    {
        var prompt = Prompt(""","text":{"format":{"type":"json_schema","name":"answer","schema":{}}}""");

        Assert.Equal(new JsonSchemaFormat("answer", "{}", Strict: false), prompt.Format);
    }

    [Fact]
    public void A_format_without_type_is_400()
    {
        var error = Assert.Throws<ApiException>(() => OutputFormats.From(new TextResponseFormatConfiguration(), Json));

        Assert.Equal("text.format.type", error.Param);
    }

    [Theory]
    [InlineData("none", false)]
    [InlineData("minimal", false)]
    [InlineData("low", true)]
    [InlineData("medium", true)]
    [InlineData("high", true)]
    [InlineData("xhigh", true)]
    [InlineData("max", true)]
    public void Reasoning_effort_switches_thinking(string effort, bool expected)
    {
        Assert.Equal(expected, Prompt($$""","reasoning":{"effort":"{{effort}}"}""").EnableThinking);
    }

    [Fact]
    public void Reasoning_without_effort_leaves_thinking_to_the_template()
    {
        Assert.Null(Prompt(""","reasoning":{"summary":"auto"}""").EnableThinking);
    }
}
