namespace Responses.Server.Runs.Background;

/// <summary>One stream event of a background response as it was written: its SSE event name and its JSON bytes.</summary>
/// <param name="Type">The event's <c>type</c>, the SSE <c>event:</c> line.</param>
/// <param name="Json">The UTF-8 JSON every reader of the stream gets, byte for byte.</param>
public sealed record BufferedEvent(string Type, ReadOnlyMemory<byte> Json);
