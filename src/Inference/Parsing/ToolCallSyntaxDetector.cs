namespace Responses.Inference.Parsing;

/// <summary>
/// Which call markup a model writes, read from its chat template: the template that renders past calls is the best
/// witness of the markup the model was trained on. Explicit call tags are checked before the Llama cues, because a
/// template may be Llama-shaped (header tokens) yet teach another markup.
/// </summary>
internal static class ToolCallSyntaxDetector
{
    /// <summary>
    /// The syntax the template teaches; Hermes when it says nothing recognizable, since our fallback templates
    /// render Hermes markup.
    /// </summary>
    public static ToolCallSyntax Detect(string? chatTemplate)
    {
        if (string.IsNullOrEmpty(chatTemplate))
            return ToolCallSyntax.Hermes;
        if (Mentions(chatTemplate, "<tool_call>"))
            return ToolCallSyntax.Hermes;
        if (Mentions(chatTemplate, "[TOOL_CALLS]"))
            return ToolCallSyntax.Mistral;
        if (Mentions(chatTemplate, "<|tool_call|>") || Mentions(chatTemplate, "<|tool|>"))
            return ToolCallSyntax.Phi4;
        if (Mentions(chatTemplate, "<|python_tag|>") || Mentions(chatTemplate, "<|eom_id|>")
            || (Mentions(chatTemplate, "<|start_header_id|>") && Mentions(chatTemplate, "tools")))
            return ToolCallSyntax.Llama3;
        return ToolCallSyntax.Hermes;
    }

    private static bool Mentions(string template, string marker) => template.Contains(marker, StringComparison.Ordinal);
}
