namespace Responses.Inference.Parsing;

/// <summary>Whether a model thinks in &lt;think&gt;...&lt;/think&gt; before it answers, read from its chat template.</summary>
internal static class ReasoningSyntaxDetector
{
    /// <summary>
    /// True when the template mentions &lt;think&gt; or &lt;/think&gt;: templates of thinking models (Qwen3, DeepSeek-R1
    /// distills, ...) open the block in the generation prompt or strip it from past turns, so the tag in the template
    /// means the model was trained to write it. Some R1 templates only split on &lt;/think&gt;, hence both tags. A
    /// thinking model whose template never mentions the tag is not detected: its thinking stays visible text,
    /// which loses nothing.
    /// </summary>
    public static bool Thinks(string? chatTemplate) =>
        chatTemplate is not null
        && (chatTemplate.Contains("<think>", StringComparison.Ordinal) || chatTemplate.Contains("</think>", StringComparison.Ordinal));
}
