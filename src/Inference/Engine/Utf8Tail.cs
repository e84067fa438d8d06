namespace Responses.Inference.Engine;

/// <summary>
/// What the token stream still owes at the end of generation. ORT GenAI's TokenizerStream holds back a token
/// whose bytes do not yet form a whole UTF-8 character and never flushes them, so the last piece of text is
/// recovered by decoding the whole output and taking what was not emitted yet.
/// </summary>
internal static class Utf8Tail
{
    /// <summary>
    /// The part of <paramref name="fullText"/> after <paramref name="emitted"/>, or null when the full decode does
    /// not extend what was emitted (a tokenizer whose whole-sequence decode differs from its streaming decode) or
    /// when the split would fall inside a surrogate pair.
    /// </summary>
    public static string? Remainder(ReadOnlySpan<char> emitted, string fullText)
    {
        if (!fullText.AsSpan().StartsWith(emitted, StringComparison.Ordinal))
            return null;
        if (emitted.Length > 0 && emitted.Length < fullText.Length && char.IsLowSurrogate(fullText[emitted.Length]))
            return null;
        return fullText[emitted.Length..];
    }

    /// <summary>Replaces lone surrogates so a piece is always valid UTF-16 (and so encodes to valid UTF-8).</summary>
    public static string EnsureWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
                continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            return Repair(text);
        }
        return text; // the common case allocates nothing
    }

    private static string Repair(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
                i++;
            else if (char.IsSurrogate(chars[i]))
                chars[i] = '\uFFFD';
        }
        return new string(chars);
    }
}
