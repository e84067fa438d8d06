namespace Responses.Inference.Parsing;

/// <summary>
/// Turns the model's decoded text, one piece per token, into typed output events: visible text, thinking and tool
/// calls. Pieces may split markup anywhere; a parser holds back only what could still be markup. One instance per
/// generation, used from one thread.
/// </summary>
internal interface IOutputParser
{
    /// <summary>True while the output is inside the model's thinking (the loop counts reasoning tokens with it).</summary>
    bool InReasoning { get; }

    /// <summary>Calls whose markup was there but unusable (bad JSON, no name, never closed), kept as text.</summary>
    int MalformedCalls { get; }

    /// <summary>Well-formed calls beyond the prompt's MaxToolCalls, dropped without a trace in the output.</summary>
    int DroppedCalls { get; }

    /// <summary>Parses one decoded piece, appending the events it completes to a list the caller owns and reuses.</summary>
    void Push(string piece, List<OutputEvent> events);

    /// <summary>The generation ended: emits whatever is still held (an unterminated call becomes text).</summary>
    void Flush(List<OutputEvent> events);
}
