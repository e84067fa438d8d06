using Responses.Inference;
using Responses.Inference.EmbeddedModel;
using Responses.Inference.Prompting;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// Tools, calls and results reach the model whether or not its chat template knows them: natively through a template
/// that renders them (the embedded model's), as Hermes text through one that does not (plain ChatML).
/// </summary>
public sealed class ToolPromptTests
{
    private static readonly ChatTool Weather = new("get_weather", "Weather in a city.", """{"type":"object","properties":{"city":{"type":"string"}}}""");

    private static readonly ChatMessage[] History =
    [
        new("system", "Be brief."),
        new("user", "Weather in Paris and Rome?"),
        new("assistant", "Checking.")
        {
            ToolCalls = [new ChatToolCall("call_1", "get_weather", """{"city":"Paris"}"""), new ChatToolCall("call_2", "get_weather", """{"city":"Rome"}""")],
        },
        new("tool", "18 C") { ToolCallId = "call_1", Name = "get_weather" },
        new("tool", "21 C") { ToolCallId = "call_2", Name = "get_weather" },
    ];

    private const string PlainChatMl =
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    [Fact]
    public void A_template_that_renders_tools_gets_them_natively()
    {
        using var model = EmbeddedModel.Load();

        var text = model.Render(new ChatPrompt(History) { Tools = [Weather] }).Text;

        Assert.Contains("<tools>\n{", text);
        Assert.Contains("get_weather", text[..text.LastIndexOf("</tools>", StringComparison.Ordinal)]);
        Assert.Contains("<|im_start|>assistant\nChecking.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {", text);
        Assert.Contains("Paris", text);
        Assert.Contains("<|im_start|>user\n<tool_response>\n18 C\n</tool_response>\n<tool_response>\n21 C\n</tool_response><|im_end|>", text);
    }

    [Fact]
    public void A_template_without_tools_gets_them_as_Hermes_text_in_the_system_turn()
    {
        using var model = TestModels.LoadFolder(EmbeddedModel.FolderPath, EmbeddedModelWriter.ModelId, chatTemplate: PlainChatMl);

        var text = model.Render(new ChatPrompt(History) { Tools = [Weather] }).Text;

        Assert.StartsWith("<|im_start|>system\nBe brief.\n\n# Tools\n", text);
        Assert.Contains("<tools>\n{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Weather in a city.\"", text);
        Assert.Contains("<|im_start|>assistant\nChecking.\n<tool_call>\n{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}\n</tool_call>\n<tool_call>", text);
        // Both results are one user turn, right after the calls.
        Assert.Contains("</tool_call><|im_end|>\n<|im_start|>user\n<tool_response>\n18 C\n</tool_response>\n<tool_response>\n21 C\n</tool_response><|im_end|>\n<|im_start|>assistant\n", text);
    }

    [Fact]
    public void Capabilities_are_probed_from_what_the_template_renders()
    {
        var full = ToolPromptFallback.Adapt(new ChatPrompt(History) { Tools = [Weather] }, new TemplateCapabilities(true, true, false));
        Assert.Same(History, full.Messages);
        Assert.Single(full.Tools);

        var none = ToolPromptFallback.Adapt(new ChatPrompt(History) { Tools = [Weather] }, new TemplateCapabilities(false, false, false));
        Assert.Empty(none.Tools);
        Assert.Equal(["system", "user", "assistant", "user"], none.Messages.Select(m => m.Role));
        Assert.All(none.Messages, m => Assert.Empty(m.ToolCalls));
    }

    [Fact]
    public void Without_tools_or_tool_turns_the_conversation_is_untouched()
    {
        ChatMessage[] plain = [new("user", "a"), new("user", "b")];

        var adapted = ToolPromptFallback.Adapt(new ChatPrompt(plain), new TemplateCapabilities(false, false, false));

        Assert.Same(plain, adapted.Messages);
    }

    [Theory]
    [InlineData(true, "{%- set enable_thinking = true -%}T")]
    [InlineData(false, "{%- set enable_thinking = false -%}T")]
    public void Effort_switches_thinking_only_for_templates_that_read_the_switch(bool on, string expected)
    {
        var reads = new TemplateCapabilities(true, true, TakesThinkingSwitch: true);
        var ignores = new TemplateCapabilities(true, true, TakesThinkingSwitch: false);

        Assert.Equal(expected, ThinkingSwitch.Apply(null, "T", on, reads));
        Assert.Null(ThinkingSwitch.Apply(null, "T", on, ignores));
        Assert.Null(ThinkingSwitch.Apply(null, "T", null, reads));
    }

    [Fact]
    public void A_schema_the_engine_cannot_compile_is_refused_at_render()
    {
        using var model = EmbeddedModel.Load();
        var prompt = new ChatPrompt([new ChatMessage("user", "x")]) { Format = new JsonSchemaFormat("bad", """{"type":"objectx"}""", Strict: true) };

        var ex = Assert.Throws<OutputConstraintException>(() => model.Render(prompt));

        Assert.False(ex.FromToolParameters);
        Assert.Contains("objectx", ex.Message);
    }
}
