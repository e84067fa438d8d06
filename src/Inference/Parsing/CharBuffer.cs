namespace Responses.Inference.Parsing;

/// <summary>
/// A growable char array that can be searched as a span (StringBuilder cannot), so markup held across pieces is
/// scanned without a string per token.
/// </summary>
internal sealed class CharBuffer
{
    private char[] chars = new char[256];

    public int Length { get; private set; }

    public ReadOnlySpan<char> Span => chars.AsSpan(0, Length);

    public void Append(ReadOnlySpan<char> text)
    {
        if (Length + text.Length > chars.Length)
            Array.Resize(ref chars, Math.Max(chars.Length * 2, Length + text.Length));
        text.CopyTo(chars.AsSpan(Length));
        Length += text.Length;
    }

    public void Append(char c) => Append([c]);

    public void Clear() => Length = 0;

    public string ToString(int start, int length) => new(chars, start, length);

    public override string ToString() => new(chars, 0, Length);
}
