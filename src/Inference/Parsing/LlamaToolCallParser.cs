namespace Responses.Inference.Parsing;

/// <summary>
/// Llama 3.x calls: the output (after whitespace) is a JSON call object, {"name": .., "parameters": {..}}, or several
/// joined by ';', maybe after &lt;|python_tag|&gt;. Only an output that starts so is a candidate: a JSON object in
/// the middle of prose is prose. An object that is not a call (a JSON answer) goes out as the text it was; text
/// after the calls is text. Each object is emitted as soon as its brackets close.
/// </summary>
internal sealed class LlamaToolCallParser(ToolCallEmitter calls) : IOutputParser
{
    private const string PythonTag = "<|python_tag|>";

    private readonly ReplyText text = new();
    private readonly CharBuffer markup = new(); // the held candidate, to give back as text if it is no call
    private JsonValueScanner json;
    private State state;
    private int tagStart = -1;
    private int jsonStart;
    private bool expectKey;
    private bool sawTag;
    private int found;

    private enum State
    {
        Start, // leading whitespace
        Tag, // a partial <|python_tag|>
        AfterTag,
        Json,
        Between, // after a call: ';' and whitespace, then another object, text, or the end
        Text,
    }

    public bool InReasoning => false;

    public int MalformedCalls => calls.MalformedCalls;

    public int DroppedCalls => calls.DroppedCalls;

    public void Push(string piece, List<OutputEvent> events)
    {
        for (var i = 0; i < piece.Length; i++)
        {
            if (state == State.Text)
            {
                text.Append(piece, i, piece.Length - i, events);
                return;
            }
            Step(piece, i, events);
        }
    }

    public void Flush(List<OutputEvent> events)
    {
        if (state is State.Tag or State.AfterTag or State.Json)
            GiveBack(events);
        else if (state == State.Start)
            text.Append(markup.ToString(), events);
        markup.Clear();
        text.Flush(events);
    }

    private void Step(string piece, int i, List<OutputEvent> events)
    {
        var c = piece[i];
        switch (state)
        {
            case State.Start:
                markup.Append(c);
                if (char.IsWhiteSpace(c))
                    return;
                if (c == '{')
                    StartJson();
                else if (c == PythonTag[0])
                    (tagStart, state) = (markup.Length - 1, State.Tag);
                else
                    GiveBack(events);
                return;
            case State.Tag:
                markup.Append(c);
                var tag = markup.Span[tagStart..];
                if (tag.SequenceEqual(PythonTag))
                    (sawTag, state) = (true, State.AfterTag);
                else if (!PythonTag.AsSpan().StartsWith(tag, StringComparison.Ordinal))
                    GiveBack(events);
                return;
            case State.AfterTag:
                markup.Append(c);
                if (c == '{')
                    StartJson();
                else if (!char.IsWhiteSpace(c))
                    GiveBack(events); // the tag also introduces code for the built-in interpreter: not a function call
                return;
            case State.Json:
                markup.Append(c);
                ReadJson(c, events);
                return;
            case State.Between:
                if (c == '{')
                {
                    markup.Clear();
                    markup.Append(c);
                    StartJson();
                }
                else if (!char.IsWhiteSpace(c) && c != ';')
                {
                    state = State.Text;
                    text.Append(piece, i, 1, events); // Push hands the rest of the piece on as text
                }
                return;
        }
    }

    private void StartJson()
    {
        jsonStart = markup.Length - 1;
        json.Reset();
        json.Step('{');
        expectKey = true;
        state = State.Json;
    }

    private void ReadJson(char c, List<OutputEvent> events)
    {
        if (expectKey && !char.IsWhiteSpace(c))
        {
            // "{" then prose is not JSON: release it now rather than hold the whole reply to the end.
            expectKey = false;
            if (c is not '"' and not '}')
            {
                GiveBack(events);
                return;
            }
        }
        json.Step(c);
        if (json.Depth > 0)
            return;
        if (!calls.TryEmit(markup.Span[jsonStart..], events))
        {
            GiveBack(events);
            return;
        }
        found++;
        text.CallEnded();
        markup.Clear();
        state = State.Between;
    }

    /// <summary>
    /// The candidate is text after all. It was a malformed call only if markup said it was a call (the python tag,
    /// or calls before it); a plain JSON answer is not.
    /// </summary>
    private void GiveBack(List<OutputEvent> events)
    {
        if (sawTag || found > 0)
            calls.CountMalformed();
        text.Append(markup.ToString(), events);
        markup.Clear();
        state = State.Text;
    }
}
