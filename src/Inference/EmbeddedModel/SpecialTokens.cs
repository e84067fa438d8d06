namespace Responses.Inference.EmbeddedModel;

/// <summary>ChatML and tool/thinking markers, appended after the byte and merge tokens.</summary>
internal static class SpecialTokens
{
    public const string EndOfText = "<|endoftext|>";
    public const string ImStart = "<|im_start|>";
    public const string ImEnd = "<|im_end|>";

    /// <summary>
    /// Tool-call and thinking tags, whole tokens that decode to their text (not "special", as in Qwen's tokenizer):
    /// the output parsers read them, so the decoder must not skip them as it skips control tokens.
    /// </summary>
    public static IReadOnlyList<string> Markup { get; } = ["<tool_call>", "</tool_call>", "<think>", "</think>"];

    /// <summary>In id order; ids are firstId + index.</summary>
    public static IReadOnlyList<string> All { get; } =
        [EndOfText, ImStart, ImEnd, .. Markup];
}
