namespace Responses.Inference.Parsing;

/// <summary>
/// Splits a thinking model's leading &lt;think&gt;...&lt;/think&gt; block into reasoning and hands the rest of the
/// output to the answer's parser. Only a block at the start counts (a tag later in the answer is text), and the
/// block may already be open when the chat template opened it in the prompt. Reasoning streams as it comes; only
/// what could be the closing tag, and whitespace that may turn out to precede it, is held. Whitespace just inside
/// the tags and right after &lt;/think&gt; is layout, not content, and is dropped.
/// </summary>
internal sealed class ReasoningParser(IOutputParser answer, bool startsInReasoning) : IOutputParser
{
    private const string Open = "<think>";
    private const string Close = "</think>";

    private readonly CharBuffer held = new();
    private Phase phase = startsInReasoning ? Phase.Opened : Phase.Start;

    private enum Phase
    {
        Start, // before any content: could still be "<think>"
        Opened, // just inside the block: leading whitespace is dropped
        Reasoning,
        Closed, // just after the block: whitespace is dropped
        Answer,
    }

    public bool InReasoning => phase is Phase.Opened or Phase.Reasoning;

    public int MalformedCalls => answer.MalformedCalls;

    public int DroppedCalls => answer.DroppedCalls;

    public void Push(string piece, List<OutputEvent> events)
    {
        var start = 0;
        while (start < piece.Length)
        {
            switch (phase)
            {
                case Phase.Answer:
                    answer.Push(start == 0 ? piece : piece[start..], events);
                    return;
                case Phase.Start:
                    start = ReadStart(piece, start, events);
                    break;
                case Phase.Opened or Phase.Closed:
                    while (start < piece.Length && char.IsWhiteSpace(piece[start]))
                        start++;
                    if (start < piece.Length)
                        phase = phase == Phase.Opened ? Phase.Reasoning : Phase.Answer;
                    break;
                case Phase.Reasoning:
                    start = ReadReasoning(piece, start, events);
                    break;
            }
        }
    }

    public void Flush(List<OutputEvent> events)
    {
        if (phase == Phase.Start && held.Length > 0)
            answer.Push(held.ToString(), events);
        else if (phase == Phase.Reasoning && held.Span.TrimEnd().Length > 0)
            events.Add(new ReasoningDelta(held.Span.TrimEnd().ToString())); // cut short inside the block
        held.Clear();
        answer.Flush(events);
    }

    /// <summary>Holds leading whitespace and a partial "&lt;think&gt;" until the output shows whether it thinks.</summary>
    private int ReadStart(string piece, int start, List<OutputEvent> events)
    {
        held.Append(piece.AsSpan(start));
        var content = held.Span.TrimStart();
        if (content.StartsWith(Open, StringComparison.Ordinal))
        {
            var rest = content[Open.Length..].ToString();
            held.Clear();
            phase = Phase.Opened;
            Push(rest, events);
        }
        else if (!Open.AsSpan().StartsWith(content, StringComparison.Ordinal))
        {
            var text = held.ToString();
            held.Clear();
            phase = Phase.Answer;
            answer.Push(text, events);
        }
        return piece.Length;
    }

    private int ReadReasoning(string piece, int start, List<OutputEvent> events)
    {
        if (held.Length == 0)
        {
            var close = piece.AsSpan(start).IndexOf(Close, StringComparison.Ordinal);
            if (close < 0)
            {
                EmitReasoning(piece, start, piece.Length - start, events);
                return piece.Length;
            }
            EmitReasoning(piece, start, close, events, closing: true);
            held.Clear();
            phase = Phase.Closed;
            return start + close + Close.Length;
        }

        // Something is held: search the held text and the piece together, as the tag may straddle them.
        var before = held.Length;
        held.Append(piece.AsSpan(start));
        var joined = held.ToString();
        held.Clear();
        var end = joined.IndexOf(Close, StringComparison.Ordinal);
        if (end < 0)
        {
            EmitReasoning(joined, 0, joined.Length, events);
            return piece.Length;
        }
        EmitReasoning(joined, 0, end, events, closing: true);
        phase = Phase.Closed;
        return start + (end + Close.Length - before);
    }

    /// <summary>Emits reasoning up to what could be the closing tag or whitespace before it, holding that back.</summary>
    private void EmitReasoning(string text, int start, int length, List<OutputEvent> events, bool closing = false)
    {
        var span = text.AsSpan(start, length);
        var keep = closing ? 0 : MarkerSearch.PartialLength(span, Close);
        var content = span[..^keep].TrimEnd();
        if (!closing)
            held.Append(span[content.Length..]);
        if (content.Length > 0)
            events.Add(new ReasoningDelta(content.Length == text.Length ? text : content.ToString()));
    }
}
