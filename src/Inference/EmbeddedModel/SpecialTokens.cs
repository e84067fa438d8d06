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

    /// <summary>
    /// ORT GenAI's gemma3 processor turns each <see cref="StartOfImage"/> of a prompt into the image's 256
    /// <see cref="ImageSoftToken"/> between the start and <see cref="EndOfImage"/> markers; the vision model adds them.
    /// </summary>
    public const string StartOfImage = "<start_of_image>";
    public const string ImageSoftToken = "<image_soft_token>";
    public const string EndOfImage = "<end_of_image>";

    public static IReadOnlyList<string> Image { get; } = [StartOfImage, ImageSoftToken, EndOfImage];
}
