using System.Text;
using Responses.Inference.Native;

namespace Responses.Inference.Engine;

/// <summary>
/// Turns generated tokens into whole-character text pieces for one generation: ORT's TokenizerStream does the
/// incremental work, and <see cref="Flush"/> recovers what the stream held back at the end (see <see cref="Utf8Tail"/>).
/// </summary>
internal sealed class StreamingDetokenizer : IDisposable
{
    private readonly INativeTokenizer tokenizer;
    private readonly ITokenStream stream;
    private int[] tokens = new int[256]; // grows by doubling: sized by what is generated, never by max_length
    private readonly StringBuilder emitted = new();
    private int count;
    private int heldFrom; // tokens from here on have produced no text yet

    public StreamingDetokenizer(INativeTokenizer tokenizer)
    {
        this.tokenizer = tokenizer;
        stream = tokenizer.CreateStream();
    }

    /// <summary>The text this token completes; empty while a multi-byte character is still incomplete.</summary>
    public string Push(int token)
    {
        if (count == tokens.Length)
            Array.Resize(ref tokens, tokens.Length * 2);
        tokens[count++] = token;
        var piece = stream.Decode(token);
        if (piece.Length == 0)
            return string.Empty;
        heldFrom = count;
        piece = Utf8Tail.EnsureWellFormed(piece);
        emitted.Append(piece);
        return piece;
    }

    /// <summary>Whatever the stream still holds (an incomplete character decodes to U+FFFD), or empty.</summary>
    public string Flush()
    {
        if (heldFrom == count)
            return string.Empty;
        var full = tokenizer.Decode(tokens.AsSpan(0, count));
        var tail = Utf8Tail.Remainder(emitted.ToString(), full) ?? tokenizer.Decode(tokens.AsSpan(heldFrom, count - heldFrom));
        heldFrom = count;
        tail = Utf8Tail.EnsureWellFormed(tail);
        emitted.Append(tail);
        return tail;
    }

    public void Dispose() => stream.Dispose();
}
