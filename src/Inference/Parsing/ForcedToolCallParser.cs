using System.Text;
using System.Text.Json;

namespace Responses.Inference.Parsing;

/// <summary>
/// Reads the output of a forced call, decoded under <see cref="ForcedToolCallSchema"/>: one call object, or an array
/// of them, and no markup. A call is started as soon as its name is readable (the schema puts it first), and its
/// arguments stream as they are generated: the grammar guarantees they parse and keeps them compact, so the text
/// as written is the final arguments (long ones, a file's content, show progress). The grammar makes anything else impossible, except being cut
/// short: then the open call gets no more events (its Started, if sent, is closed by the finish of the generation
/// as incomplete), nothing becomes text, and <see cref="MalformedCalls"/> says so.
/// </summary>
internal sealed class ForcedToolCallParser(ToolCallEmitter calls) : IOutputParser
{
    private readonly CharBuffer call = new(); // the current call object's text
    private byte[] utf8 = new byte[256];
    private JsonValueScanner json;
    private Shape shape;
    private bool inCall;
    private string? name;
    private int? index; // the started call's index; null before it starts or when it is dropped
    private bool started;
    private int argsFrom; // where the arguments value starts in the call's text, or -1 before it does
    private int argsTo; // where it ends, or -1 while it is open
    private int emitted; // how far the arguments were sent as deltas

    private enum Shape
    {
        None, // before the value
        Object,
        Array,
        Done,
    }

    public bool InReasoning => false;

    public int MalformedCalls => calls.MalformedCalls;

    public int DroppedCalls => calls.DroppedCalls;

    public void Push(string piece, List<OutputEvent> events)
    {
        foreach (var c in piece)
            Step(c, events);
        if (inCall && !started)
            TryStart(events);
        if (inCall && index is int i)
            EmitArguments(i, events);
    }

    public void Flush(List<OutputEvent> events)
    {
        if (inCall || shape == Shape.None)
            calls.CountMalformed(); // cut short (or empty): no half call is completed, and a forced call is never text
        inCall = false;
        call.Clear();
    }

    private void Step(char c, List<OutputEvent> events)
    {
        if (shape == Shape.None)
        {
            if (c == '{')
            {
                shape = Shape.Object;
                OpenCall(c);
            }
            else if (c == '[')
            {
                shape = Shape.Array;
                json.Step(c);
            }
            return;
        }
        if (shape == Shape.Done)
            return;

        var depth = json.Depth;
        json.Step(c);
        var callDepth = shape == Shape.Object ? 0 : 1;
        if (!inCall)
        {
            if (c == '{' && depth == callDepth)
                OpenCall(c);
            else if (json.Depth == 0)
                shape = Shape.Done; // the array closed
            return;
        }
        call.Append(c);
        if (json.Depth == callDepth + 1)
            TrackArguments(c);
        if (json.Depth == callDepth)
            CloseCall(events);
    }

    /// <summary>Marks where the arguments value starts (after the compact "arguments": key) and where it closes.</summary>
    private void TrackArguments(char c)
    {
        if (argsFrom < 0 && c == ':' && call.Span.EndsWith("\"arguments\":"))
            argsFrom = emitted = call.Length;
        else if (argsFrom >= 0 && argsTo < 0 && c is '}' or ']')
            argsTo = call.Length;
    }

    private void EmitArguments(int i, List<OutputEvent> events)
    {
        if (argsFrom < 0)
            return;
        var end = argsTo >= 0 ? argsTo : call.Length;
        if (end > emitted)
            events.Add(new ToolCallArgumentsDelta(i, call.ToString(emitted, end - emitted)));
        emitted = end;
    }

    private void OpenCall(char c)
    {
        if (shape == Shape.Object)
            json.Step(c);
        call.Clear();
        call.Append(c);
        inCall = true;
        started = false;
        argsFrom = argsTo = -1;
        emitted = 0;
        name = null;
        index = null;
    }

    private void CloseCall(List<OutputEvent> events)
    {
        inCall = false;
        if (shape == Shape.Object)
            shape = Shape.Done;
        using var document = Parse(call.Span);
        if (document is null || !ToolCallJson.TryRead(document.RootElement, out var callName, out var arguments)
            || (started && callName != name))
        {
            calls.CountMalformed();
            return;
        }
        if (!started)
        {
            index = calls.Start(callName, events);
            started = true;
        }
        if (index is not int i)
            return;
        if (argsFrom >= 0 && argsTo > argsFrom)
        {
            // The rest of the text as written, so that the deltas add up to exactly the completed arguments.
            EmitArguments(i, events);
            events.Add(new ToolCallCompleted(i, callName, call.ToString(argsFrom, argsTo - argsFrom)));
        }
        else
        {
            ToolCallEmitter.Complete(i, callName, arguments, events);
        }
    }

    /// <summary>Starts the call once its "name" string is whole, reading the partial object without waiting for the rest.</summary>
    private void TryStart(List<OutputEvent> events)
    {
        var length = Encode(call.Span);
        var reader = new Utf8JsonReader(utf8.AsSpan(0, length), isFinalBlock: false, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isName = reader.ValueTextEquals("name"u8);
            if (!reader.Read())
                return;
            if (isName)
            {
                if (reader.TokenType != JsonTokenType.String)
                    return;
                name = reader.GetString()!;
                index = calls.Start(name, events);
                started = true;
                return;
            }
            if (!reader.TrySkip())
                return;
        }
    }

    private JsonDocument? Parse(ReadOnlySpan<char> text)
    {
        var length = Encode(text);
        try
        {
            return JsonDocument.Parse(utf8.AsMemory(0, length));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private int Encode(ReadOnlySpan<char> text)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (needed > utf8.Length)
            utf8 = new byte[Math.Max(needed, utf8.Length * 2)];
        return Encoding.UTF8.GetBytes(text, utf8);
    }
}
