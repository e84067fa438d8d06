using System.Text;

namespace Responses.Inference.Prompting;

/// <summary>
/// ORT GenAI takes and returns the template's text as C strings, so a NUL character (a tool's output of a binary
/// file, say) would silently end the prompt there and drop everything after it, the generation prompt included.
/// Each NUL in the JSON handed to the template becomes U+FFFD (the replacement character), so the rest is kept and
/// the model still sees that something was there. Other control characters pass through: only NUL ends a C string.
/// </summary>
internal static class NulEscapes
{
    private const string Nul = "\\u0000";
    private const string Replacement = "\uFFFD";

    /// <summary><paramref name="json"/> with every escaped NUL (not an escaped backslash before "u0000") replaced.</summary>
    public static string Replace(string json)
    {
        var at = json.IndexOf(Nul, StringComparison.Ordinal);
        if (at < 0)
        {
            return json;
        }

        var result = new StringBuilder(json.Length);
        var copied = 0;
        for (; at >= 0; at = json.IndexOf(Nul, at + 1, StringComparison.Ordinal))
        {
            // "\\u0000" is a backslash and the text u0000: an escape only after an even run of backslashes.
            var backslashes = 0;
            while (at - backslashes - 1 >= 0 && json[at - backslashes - 1] == '\\')
            {
                backslashes++;
            }

            if (backslashes % 2 == 1)
            {
                continue;
            }

            result.Append(json, copied, at - copied).Append(Replacement);
            copied = at + Nul.Length;
        }

        return result.Append(json, copied, json.Length - copied).ToString();
    }
}
