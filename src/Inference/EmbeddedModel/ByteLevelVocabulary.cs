namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// GPT-2's byte-to-symbol table: every byte maps to a printable Unicode character so BPE vocab
/// entries are plain strings, and any UTF-8 text (emoji, CJK) encodes without an unknown token.
/// Token id b (0..255) is the single byte b, which lets the output bias reason about bytes by id.
/// </summary>
internal static class ByteLevelVocabulary
{
    public const int ByteCount = 256;

    /// <summary>Symbol for each byte value, index = byte.</summary>
    public static string[] ByteSymbols()
    {
        var symbols = new string[ByteCount];
        var nextSpare = 0;
        for (var b = 0; b < ByteCount; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            symbols[b] = printable ? ((char)b).ToString() : ((char)(ByteCount + nextSpare++)).ToString();
        }

        return symbols;
    }
}
