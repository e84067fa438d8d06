namespace Responses.Inference.Parsing;

/// <summary>
/// Mistral's calls, after a [TOOL_CALLS] marker anywhere in the reply: a JSON array of call objects (v3 tokenizers)
/// or name[ARGS]{..} (v11+; a [CALL_ID]id between name and [ARGS] is skipped), one marker per call. The JSON ends
/// where its brackets close, so a call is emitted as soon as it is whole; markup that does not parse goes out as
/// the text it was.
/// </summary>
internal sealed class MistralToolCallParser(ToolCallEmitter calls) : IOutputParser
{
    private const string Marker = "[TOOL_CALLS]";
    private const string Args = "[ARGS]";
    private const string CallId = "[CALL_ID]";

    // A v11 name longer than this, or one with a line break, is prose after a stray marker: no need to hold it all.
    private const int MaxNameLength = 256;

    private readonly ReplyText text = new();
    private readonly CharBuffer markup = new(); // from the marker on, to give back as text if it is no call
    private JsonValueScanner json;
    private string heldText = "";
    private State state;
    private int nameStart;
    private int jsonStart;
    private string name = "";

    private enum State
    {
        Text,
        AfterMarker, // whitespace, then '[' (v3) or a name (v11)
        Name,
        BeforeArguments,
        Json,
    }

    public bool InReasoning => false;

    public int MalformedCalls => calls.MalformedCalls;

    public int DroppedCalls => calls.DroppedCalls;

    public void Push(string piece, List<OutputEvent> events)
    {
        var s = piece;
        if (heldText.Length > 0)
        {
            s = heldText + piece;
            heldText = "";
        }
        var i = 0;
        while (i < s.Length)
        {
            if (state == State.Text)
            {
                i = ReadText(s, i, events);
                continue;
            }
            var c = s[i++];
            markup.Append(c);
            Step(c, events);
        }
    }

    public void Flush(List<OutputEvent> events)
    {
        if (state != State.Text)
            GiveBack(events);
        text.Append(heldText, events);
        heldText = "";
        text.Flush(events);
    }

    private int ReadText(string s, int start, List<OutputEvent> events)
    {
        var marker = s.AsSpan(start).IndexOf(Marker, StringComparison.Ordinal);
        if (marker < 0)
        {
            var partial = MarkerSearch.PartialLength(s.AsSpan(start), Marker);
            text.Append(s, start, s.Length - start - partial, events);
            if (partial > 0)
                heldText = s[^partial..];
            return s.Length;
        }
        text.Append(s, start, marker, events);
        markup.Clear();
        markup.Append(Marker);
        state = State.AfterMarker;
        return start + marker + Marker.Length;
    }

    private void Step(char c, List<OutputEvent> events)
    {
        switch (state)
        {
            case State.AfterMarker when char.IsWhiteSpace(c):
                break;
            case State.AfterMarker when c is '[' or '{':
                StartJson(c);
                break;
            case State.AfterMarker:
                nameStart = markup.Length - 1;
                state = State.Name;
                break;
            case State.Name when c is '\n' or '\r' || markup.Length - nameStart > MaxNameLength:
                GiveBack(events);
                break;
            case State.Name when markup.Span.EndsWith(Args, StringComparison.Ordinal):
                name = ReadName(markup.Span[nameStart..^Args.Length]);
                if (name.Length > 0)
                    state = State.BeforeArguments;
                else
                    GiveBack(events);
                break;
            case State.BeforeArguments when char.IsWhiteSpace(c):
                break;
            case State.BeforeArguments when c == '{':
                StartJson(c);
                break;
            case State.BeforeArguments:
                GiveBack(events);
                break;
            case State.Json:
                json.Step(c);
                if (json.Depth == 0)
                    EndJson(events);
                break;
        }
    }

    private void StartJson(char c)
    {
        jsonStart = markup.Length - 1;
        json.Reset();
        json.Step(c);
        state = State.Json;
    }

    private void EndJson(List<OutputEvent> events)
    {
        var value = markup.Span[jsonStart..];
        // v3 carries whole call objects; v11 only the arguments of the name before [ARGS].
        var ok = name.Length == 0
            ? calls.TryEmit(value, events)
            : ToolCallJson.TryReadArguments(value, out var arguments) && Emit(name, arguments, events);
        if (!ok)
        {
            GiveBack(events);
            return;
        }
        text.CallEnded();
        markup.Clear();
        name = "";
        state = State.Text;
    }

    private bool Emit(string callName, string arguments, List<OutputEvent> events)
    {
        calls.Emit(callName, arguments, events);
        return true; // emitted, or dropped beyond the limit: either way the markup is consumed
    }

    private static string ReadName(ReadOnlySpan<char> span)
    {
        var id = span.IndexOf(CallId, StringComparison.Ordinal);
        return (id >= 0 ? span[..id] : span).Trim().ToString();
    }

    /// <summary>The markup was not a usable call: it is text, and scanning for the next marker resumes after it.</summary>
    private void GiveBack(List<OutputEvent> events)
    {
        calls.CountMalformed();
        text.Append(markup.ToString(), events);
        markup.Clear();
        name = "";
        state = State.Text;
    }
}
