namespace Responses.Conformance.Streaming;

/// <summary>The events of an SSE body and what could not be read as one.</summary>
public sealed record SseBody(IReadOnlyList<StreamEvent> Events, IReadOnlyList<string> Problems);
