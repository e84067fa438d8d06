using Responses.Inference.Parsing;

namespace Responses.Tests.Unit.Inference.Parsing;

public class ToolCallSyntaxDetectorTests
{
    [Theory]
    [InlineData(null, "Hermes")]
    [InlineData("{% for message in messages %}{{ '<|im_start|>' + message['role'] }}{% endfor %}", "Hermes")] // ChatML fallback
    [InlineData("{{- '<tool_call>\\n{\"name\": \"' }}{{- tool_call.name }}", "Hermes")] // Qwen2.5 / Qwen3
    [InlineData("{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}{{- '{\"name\": \"' + tool_call.name + '\", \"parameters\": ' }}{%- if builtin_tools is defined %}{{- '<|python_tag|>' }}", "Llama3")]
    [InlineData("{{- '<|start_header_id|>user<|end_header_id|>' }}{%- if tools is not none %}{{- 'Given the following functions' }}{%- endif %}", "Llama3")] // Llama 3.2
    [InlineData("{{- '<|eot_id|>' if not tool_call else '<|eom_id|>' }}", "Llama3")]
    [InlineData("{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>' }}", "Hermes")] // Llama without tools
    [InlineData("{%- if message.tool_calls %}{{- '[TOOL_CALLS][' }}{%- for tool in message.tool_calls %}", "Mistral")]
    [InlineData("{{ '<|' + message['role'] + '|>' + message['content'] + '<|tool|>' + message['tools'] + '<|/tool|>' + '<|end|>' }}", "Phi4")]
    [InlineData("{{ '<|tool_call|>' + message['tool_calls'] | tojson + '<|/tool_call|>' }}", "Phi4")]
    public void The_template_names_the_markup(string? template, string expected)
    {
        Assert.Equal(expected, ToolCallSyntaxDetector.Detect(template).ToString());
    }

    [Theory]
    [InlineData("{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n<think>\\n' }}{%- endif %}", true)] // Qwen3
    [InlineData("{% set content = message['content'].split('</think>')[-1] %}", true)] // DeepSeek-R1 distill
    [InlineData("{{ '<|im_start|>assistant\\n' }}", false)]
    [InlineData(null, false)]
    public void A_template_that_mentions_think_means_a_thinking_model(string? template, bool thinks)
    {
        Assert.Equal(thinks, ReasoningSyntaxDetector.Thinks(template));
    }
}
