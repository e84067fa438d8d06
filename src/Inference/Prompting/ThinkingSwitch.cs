namespace Responses.Inference.Prompting;

/// <summary>
/// reasoning.effort for templates that read enable_thinking: ORT GenAI's ApplyChatTemplate takes no extra
/// template variables, so the switch is set by a statement in front of the template. That template text is
/// parsed per request (a few ms), which is why it is only used when a request asks for it.
/// </summary>
internal static class ThinkingSwitch
{
    /// <summary>The template to render with: the model's own (null) unless the request switches thinking.</summary>
    public static string? Apply(string? template, string templateText, bool? enableThinking, TemplateCapabilities capabilities) =>
        enableThinking is { } on && capabilities.TakesThinkingSwitch
            ? "{%- set enable_thinking = " + (on ? "true" : "false") + " -%}" + templateText
            : template;
}
