using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Responses.Inference.Parsing;

/// <summary>
/// Escapes only what JSON requires (quote, backslash, control characters, lone surrogates). The built-in relaxed
/// encoder still escapes every character outside the Basic Multilingual Plane, so an emoji in a model's arguments
/// would reach the client as \uD83C\uDF27 instead of the text the model wrote.
/// </summary>
internal sealed class ReadableJsonEncoder : JavaScriptEncoder
{
    public static ReadableJsonEncoder Instance { get; } = new();

    public override int MaxOutputCharactersPerInputCharacter => 6; // \uXXXX

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar is '"' or '\\' || unicodeScalar is >= 0xD800 and <= 0xDFFF;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (var i = 0; i < textLength; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < textLength && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (WillEncode(c))
                return i;
        }
        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        numberOfCharactersWritten = 0;
        if (!WillEncode(unicodeScalar))
            return new Rune(unicodeScalar).TryEncodeToUtf16(new Span<char>(buffer, bufferLength), out numberOfCharactersWritten);
        var escape = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\b' => "\\b",
            '\f' => "\\f",
            _ => string.Create(CultureInfo.InvariantCulture, $"\\u{unicodeScalar:X4}"),
        };
        if (escape.Length > bufferLength)
            return false;
        escape.AsSpan().CopyTo(new Span<char>(buffer, bufferLength));
        numberOfCharactersWritten = escape.Length;
        return true;
    }
}
