namespace Responses.Inference.Parsing;

/// <summary>
/// Every piece is text: for constrained JSON formats, and for replies without tools from a model that does not think.
/// </summary>
internal sealed class PassThroughParser : IOutputParser
{
    public bool InReasoning => false;

    public int MalformedCalls => 0;

    public int DroppedCalls => 0;

    public void Push(string piece, List<OutputEvent> events)
    {
        if (piece.Length > 0)
            events.Add(new TextDelta(piece));
    }

    public void Flush(List<OutputEvent> events)
    {
    }
}
