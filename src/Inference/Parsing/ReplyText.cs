namespace Responses.Inference.Parsing;

/// <summary>
/// The visible text of a reply that may contain tool calls. Whitespace next to a call is layout around markup ("\n"
/// between &lt;/tool_call&gt; and &lt;tool_call&gt;, before the first call, after the last) and is dropped, so it is
/// held until the next non-whitespace shows what it was: text (kept) or a call (dropped). At the end, held
/// whitespace is kept unless a call came before it, so a reply without calls loses nothing, not even a reply that
/// is only whitespace.
/// </summary>
internal sealed class ReplyText
{
    private readonly CharBuffer held = new();
    private bool afterCall;

    public void Append(string text, List<OutputEvent> events) => Append(text, 0, text.Length, events);

    public void Append(string text, int start, int length, List<OutputEvent> events)
    {
        if (length <= 0)
            return;
        var end = start + length;
        var contentEnd = end;
        while (contentEnd > start && char.IsWhiteSpace(text[contentEnd - 1]))
            contentEnd--;
        if (contentEnd == start)
        {
            held.Append(text.AsSpan(start, length));
            return;
        }

        if (afterCall)
        {
            held.Clear();
            while (char.IsWhiteSpace(text[start]))
                start++;
        }
        string delta;
        if (held.Length == 0)
        {
            // The common case, a whole piece of prose, goes out as the very string the decoder made.
            delta = start == 0 && contentEnd == text.Length ? text : text.Substring(start, contentEnd - start);
        }
        else
        {
            held.Append(text.AsSpan(start, contentEnd - start));
            delta = held.ToString();
            held.Clear();
        }
        events.Add(new TextDelta(delta));
        afterCall = false;
        held.Append(text.AsSpan(contentEnd, end - contentEnd));
    }

    /// <summary>A call (emitted or dropped) came: the whitespace before it was layout.</summary>
    public void CallEnded()
    {
        held.Clear();
        afterCall = true;
    }

    public void Flush(List<OutputEvent> events)
    {
        if (held.Length > 0 && !afterCall)
            events.Add(new TextDelta(held.ToString()));
        held.Clear();
    }
}
