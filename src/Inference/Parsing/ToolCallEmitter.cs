namespace Responses.Inference.Parsing;

/// <summary>
/// Numbers the calls a parser found and turns each into Started, one arguments delta and Completed; calls beyond
/// the prompt's limit are dropped (a client that asked for one call gets one). Also counts what the caller may log.
/// </summary>
internal sealed class ToolCallEmitter(int? maxCalls)
{
    private readonly List<(string Name, string Arguments)> found = [];
    private int nextIndex;

    public int MalformedCalls { get; private set; }

    public int DroppedCalls { get; private set; }

    /// <summary>Emits the call (or calls) in <paramref name="json"/>, or nothing and false when it is not valid call JSON.</summary>
    public bool TryEmit(ReadOnlySpan<char> json, List<OutputEvent> events)
    {
        if (!ToolCallJson.TryReadCalls(json, found))
            return false;
        foreach (var (name, arguments) in found)
            Emit(name, arguments, events);
        found.Clear();
        return true;
    }

    /// <summary>Emits a whole call, unless the limit is reached.</summary>
    public void Emit(string name, string arguments, List<OutputEvent> events)
    {
        if (Start(name, events) is int index)
            Complete(index, name, arguments, events);
    }

    /// <summary>Opens a call and returns its index, or null when it is beyond the limit (then counted as dropped).</summary>
    public int? Start(string name, List<OutputEvent> events)
    {
        if (nextIndex >= maxCalls)
        {
            DroppedCalls++;
            return null;
        }
        var index = nextIndex++;
        events.Add(new ToolCallStarted(index, name));
        return index;
    }

    public static void Complete(int index, string name, string arguments, List<OutputEvent> events)
    {
        events.Add(new ToolCallArgumentsDelta(index, arguments));
        events.Add(new ToolCallCompleted(index, name, arguments));
    }

    public void CountMalformed() => MalformedCalls++;
}
