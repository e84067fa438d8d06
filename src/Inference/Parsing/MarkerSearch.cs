namespace Responses.Inference.Parsing;

/// <summary>How much of a text's end could be the start of a marker that the next piece completes.</summary>
internal static class MarkerSearch
{
    /// <summary>
    /// The length of the longest end of <paramref name="text"/> that is a proper
    /// prefix of <paramref name="marker"/>: exactly what must be held back, and nothing more.
    /// </summary>
    public static int PartialLength(ReadOnlySpan<char> text, string marker)
    {
        var from = Math.Max(0, text.Length - (marker.Length - 1));
        var first = marker[0];
        for (var i = from; i < text.Length; i++)
        {
            // The earliest candidate is the longest one, so the first match wins.
            if (text[i] == first && marker.AsSpan().StartsWith(text[i..], StringComparison.Ordinal))
                return text.Length - i;
        }
        return 0;
    }
}
