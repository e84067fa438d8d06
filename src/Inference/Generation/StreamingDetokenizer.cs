using System.Text;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Responses.Inference.Generation;

/// <summary>
/// Turns generated tokens into whole-character text pieces for one generation: ORT's TokenizerStream does the
/// incremental work, and <see cref="Flush"/> recovers what the stream held back at the end (see <see cref="Utf8Tail"/>).
/// </summary>
internal sealed class StreamingDetokenizer : IDisposable
{
    private readonly Tokenizer tokenizer;
    private readonly TokenizerStream stream;
    private readonly int[] tokens;
    private readonly StringBuilder emitted = new();
    private int count;
    private int heldFrom; // tokens from here on have produced no text yet

    public StreamingDetokenizer(Tokenizer tokenizer, int capacity)
    {
        this.tokenizer = tokenizer;
        tokens = new int[Math.Max(capacity, 1)];
        stream = tokenizer.CreateStream();
    }

    /// <summary>The text this token completes; empty while a multi-byte character is still incomplete.</summary>
    public string Push(int token)
    {
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
        var tail = Utf8Tail.Remainder(emitted.ToString(), full)
            ?? tokenizer.Decode(tokens.AsSpan(heldFrom, count - heldFrom));
        heldFrom = count;
        tail = Utf8Tail.EnsureWellFormed(tail);
        emitted.Append(tail);
        return tail;
    }

    public void Dispose() => stream.Dispose();
}
