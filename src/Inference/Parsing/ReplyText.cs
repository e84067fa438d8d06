namespace Responses.Inference.Parsing;

/// <summary>
/// The visible text of a reply that may contain tool calls. Whitespace is held until it is known to be text:
/// non-whitespace after it makes it text; a call after it makes it layout between markup ("\n" between two
/// &lt;/tool_call&gt; &lt;tool_call&gt;), which is dropped. At the end, held whitespace is kept when no call came
/// after it (the tail of a text reply, or a reply that is only whitespace), so plain text loses nothing.
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
