namespace Responses.Server.Runs;

/// <summary>
/// Where a run's events go: an SSE stream, WebSocket frames, a background response's event log, or nowhere (a JSON
/// client waits for the end). A sink pulls the events one at a time and writes each before it asks for the next, so a
/// reader that falls behind slows the generation down instead of piling events up.
/// </summary>
public interface IRunSink<TEvent>
    where TEvent : class
{
    /// <summary>Writes every event in order; throws when writing fails (the executor then ends the run in its place).</summary>
    Task WriteAsync(IAsyncEnumerable<TEvent> events, CancellationToken cancellationToken);

    /// <summary>After <see cref="WriteAsync"/> failed with events already out: the terminal event in place of the rest.</summary>
    Task WriteLastAsync(TEvent terminal, CancellationToken cancellationToken);
}
