namespace Responses.Server.Runs;

/// <summary>
/// A data: URL (RFC 2397, data:[media type][;parameters][;base64],data) split into what images and files need: the
/// media type (lower case, without parameters; empty when the URL names none), whether the data is base64, and where
/// the data starts. Callers say what is wrong in their own words.
/// </summary>
public readonly record struct DataUrl(string MediaType, bool IsBase64, int DataStart)
{
    public static bool IsDataUrl(string url) => url.StartsWith("data:", StringComparison.OrdinalIgnoreCase);

    /// <summary>False when <paramref name="url"/> has no comma before its data.</summary>
    public static bool TryParse(string url, out DataUrl parsed)
    {
        var comma = url.IndexOf(',');
        if (!IsDataUrl(url) || comma < 0)
        {
            parsed = default;
            return false;
        }

        var header = url.AsSpan(5, comma - 5);
        var base64 = header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase);
        var type = base64 ? header[..^7] : header;
        var semicolon = type.IndexOf(';');
        parsed = new DataUrl((semicolon < 0 ? type : type[..semicolon]).Trim().ToString().ToLowerInvariant(), base64, comma + 1);
        return true;
    }

    /// <summary>The bytes of base64 text, or null when it is not valid base64.</summary>
    public static byte[]? FromBase64(ReadOnlySpan<char> text)
    {
        var bytes = new byte[text.Length / 4 * 3 + 3];
        return Convert.TryFromBase64Chars(text, bytes, out var written) ? bytes[..written] : null;
    }

    /// <summary>The decoded size of base64 text of <paramref name="length"/> characters, at most: for limits checked before decoding.</summary>
    public static long DecodedLength(long length) => length / 4 * 3;
}
