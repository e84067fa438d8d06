using Responses.Inference;
using Responses.Inference.Parsing;
using static Responses.Tests.Unit.Inference.Parsing.ParserHarness;

namespace Responses.Tests.Unit.Inference.Parsing;

public class OutputParsersTests
{
    [Fact]
    public void A_json_format_is_plain_text_even_with_tools_and_thinking()
    {
        var prompt = Prompt() with { Source = Prompt().Source! with { Format = OutputFormat.JsonObject } };
        Assert.IsType<PassThroughParser>(OutputParsers.Create(ToolCallSyntax.Hermes, modelThinks: true, prompt));
        AssertParses(() => OutputParsers.Create(ToolCallSyntax.Hermes, true, prompt), "<think>{\"a\": 1}", Events("<think>{\"a\": 1}"));
    }

    [Fact]
    public void A_bare_prompt_is_text()
    {
        Assert.IsType<PassThroughParser>(OutputParsers.Create(ToolCallSyntax.Llama3, false, new RenderedPrompt("hi", [1])));
    }

    [Fact]
    public void Required_without_tools_is_not_forced()
    {
        var prompt = Prompt(tools: false) with { Source = Prompt(tools: false).Source! with { ToolChoice = ToolChoice.Required } };
        Assert.IsNotType<ForcedToolCallParser>(OutputParsers.Create(ToolCallSyntax.Hermes, false, prompt));
    }

    [Theory]
    [InlineData("<|im_start|>assistant\n<think>\n", true)]
    [InlineData("<|im_start|>assistant\n<think>", true)]
    [InlineData("<|im_start|>assistant\n<think>\n\n</think>\n\n", false)] // thinking switched off by the template
    [InlineData("<|im_start|>assistant\n", false)]
    public void The_template_may_open_the_thinking_block(string promptText, bool starts)
    {
        Assert.Equal(starts, OutputParsers.StartsInReasoning(promptText));
        Assert.Equal(starts, OutputParsers.Create(ToolCallSyntax.Hermes, true, Prompt(text: promptText)).InReasoning);
    }
}
