namespace Responses.Inference.Engine;

/// <summary>
/// Stop sequences over a stream of text pieces: text that may still turn out to begin a stop sequence is held back
/// (so no client ever sees a prefix of one that then matches), and at the first match the text before it is all that
/// is released. Only requests with stop sequences have one; the others pay nothing.
/// </summary>
internal sealed class StopMatcher(IReadOnlyList<string> stops)
{
    private string held = string.Empty;

    /// <summary>A stop sequence was found: nothing more is released.</summary>
    public bool Matched { get; private set; }

    /// <summary>The part of what was held and <paramref name="piece"/> that can go out now.</summary>
    public string Push(string piece)
    {
        if (Matched)
            return string.Empty;
        var text = held.Length == 0 ? piece : held + piece;
        var first = -1;
        foreach (var stop in stops)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first))
                first = at;
        }

        if (first >= 0)
        {
            Matched = true;
            held = string.Empty;
            return text[..first];
        }

        var keep = LongestPrefixSuffix(text);
        held = text[^keep..];
        return text[..^keep];
    }

    /// <summary>At the end of the generation: what was held back, since no stop sequence completed it.</summary>
    public string Flush()
    {
        var rest = held;
        held = string.Empty;
        return Matched ? string.Empty : rest;
    }

    /// <summary>The length of the longest end of <paramref name="text"/> that begins some stop sequence.</summary>
    private int LongestPrefixSuffix(string text)
    {
        var longest = 0;
        foreach (var stop in stops)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > longest; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }
}
