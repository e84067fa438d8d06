namespace Responses.Inference.Prompting;

/// <summary>What a model's chat template can render, found once at load by rendering probes.</summary>
/// <param name="RendersTools">The tools list reaches the prompt (the template reads "tools").</param>
/// <param name="RendersToolCalls">Assistant tool calls and "tool" results reach the prompt.</param>
/// <param name="TakesThinkingSwitch">The template reads enable_thinking (Qwen3 style), so reasoning.effort can switch thinking.</param>
internal sealed record TemplateCapabilities(bool RendersTools, bool RendersToolCalls, bool TakesThinkingSwitch)
{
    public static TemplateCapabilities Full { get; } = new(true, true, false);
}
