namespace Responses.Inference.Parsing;

/// <summary>
/// Calls written between an opening and a closing tag, anywhere in the reply: Hermes/Qwen
/// (&lt;tool_call&gt;{..}&lt;/tool_call&gt;, one object per block, blocks in a row are parallel calls) and Phi-4-mini
/// (&lt;|tool_call|&gt;[{..}, ..]&lt;|/tool_call|&gt;). A block is buffered until it closes, so a call is emitted whole
/// or not at all; a block that does not parse goes out as the text it was. A last block that never closes but
/// holds a whole call is that call: models whose stop token comes right after the JSON never write the closing tag.
/// </summary>
internal sealed class TaggedToolCallParser(string open, string close, ToolCallEmitter calls) : IOutputParser
{
    private readonly ReplyText text = new();
    private readonly CharBuffer block = new(); // after the opening tag, up to the closing one
    private string heldText = ""; // a partial opening tag at the end of the last piece
    private bool inBlock;

    public static TaggedToolCallParser Hermes(ToolCallEmitter calls) => new("<tool_call>", "</tool_call>", calls);

    public static TaggedToolCallParser Phi4(ToolCallEmitter calls) => new("<|tool_call|>", "<|/tool_call|>", calls);

    public bool InReasoning => false;

    public int MalformedCalls => calls.MalformedCalls;

    public int DroppedCalls => calls.DroppedCalls;

    public void Push(string piece, List<OutputEvent> events)
    {
        if (inBlock)
        {
            ReadBlock(piece, 0, events);
            return;
        }
        var s = heldText.Length == 0 ? piece : heldText + piece;
        heldText = "";
        ReadText(s, 0, events);
    }

    public void Flush(List<OutputEvent> events)
    {
        if (inBlock)
        {
            if (calls.TryEmit(block.Span.Trim(), events))
            {
                text.CallEnded();
            }
            else
            {
                calls.CountMalformed();
                text.Append(open + block.ToString(), events);
            }
            block.Clear();
            inBlock = false;
        }
        text.Append(heldText, events);
        heldText = "";
        text.Flush(events);
    }

    private void ReadText(string s, int start, List<OutputEvent> events)
    {
        var tag = s.AsSpan(start).IndexOf(open, StringComparison.Ordinal);
        if (tag < 0)
        {
            var partial = MarkerSearch.PartialLength(s.AsSpan(start), open);
            text.Append(s, start, s.Length - start - partial, events);
            if (partial > 0)
                heldText = s[^partial..];
            return;
        }
        text.Append(s, start, tag, events);
        inBlock = true;
        block.Clear();
        ReadBlock(s, start + tag + open.Length, events);
    }

    private void ReadBlock(string s, int start, List<OutputEvent> events)
    {
        var before = block.Length;
        block.Append(s.AsSpan(start));
        // Only where the new text could complete the closing tag.
        var from = Math.Max(0, before - close.Length + 1);
        var end = block.Span[from..].IndexOf(close, StringComparison.Ordinal);
        if (end < 0)
            return;
        end += from;
        inBlock = false;
        if (calls.TryEmit(block.Span[..end], events))
        {
            text.CallEnded();
        }
        else
        {
            calls.CountMalformed();
            text.Append(open + block.ToString(0, end) + close, events);
        }
        var rest = start + (end + close.Length - before);
        block.Clear();
        if (rest < s.Length)
            ReadText(s, rest, events);
    }
}
