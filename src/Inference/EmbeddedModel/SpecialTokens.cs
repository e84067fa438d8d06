namespace Responses.Inference.EmbeddedModel;

/// <summary>ChatML and tool/thinking markers, appended after the byte and merge tokens.</summary>
internal static class SpecialTokens
{
    public const string EndOfText = "<|endoftext|>";
    public const string ImStart = "<|im_start|>";
    public const string ImEnd = "<|im_end|>";

    /// <summary>In id order; ids are firstId + index.</summary>
    public static IReadOnlyList<string> All { get; } =
        [EndOfText, ImStart, ImEnd, "<tool_call>", "</tool_call>", "<think>", "</think>"];
}
