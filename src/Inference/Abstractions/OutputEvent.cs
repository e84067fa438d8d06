namespace Responses.Inference;

/// <summary>Typed output of generation, in order; later issues add reasoning and tool-call events.</summary>
public abstract record OutputEvent;

/// <summary>A piece of visible text, always whole UTF-8 characters.</summary>
public sealed record TextDelta(string Text) : OutputEvent;

/// <summary>The last event of every generation that was not cancelled.</summary>
public sealed record GenerationFinished(FinishReason Reason, TokenUsage Usage) : OutputEvent;
