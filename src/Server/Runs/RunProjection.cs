using Responses.Inference;
using Responses.Server.Errors;

namespace Responses.Server.Runs;

/// <summary>
/// How one API sees a run: the events its output becomes (Responses events, chat chunks, a compaction), the event
/// that ends it when it fails, and what happens at its end (the store keeps a response). The executor drives every
/// projection the same way; the projection never sees admission, sinks or failures other than as its own events.
/// One instance per run, used by one caller at a time.
/// </summary>
public abstract class RunProjection<TEvent>
    where TEvent : class
{
    /// <summary>Events before admission, for a run whose events flow while it waits for a slot (a background response).</summary>
    public virtual void Queued(List<TEvent> events) =>
        throw new NotSupportedException($"{GetType().Name} has no events before admission.");

    /// <summary>Events once admitted, written while the prefill runs.</summary>
    /// <param name="afterQueued">The queued events went out first.</param>
    public abstract void Opening(bool afterQueued, List<TEvent> events);

    /// <summary>The events one piece of output makes (a reused buffer); a finished generation's last one is terminal.</summary>
    /// <exception cref="InvalidOperationException">Output out of order: a bug upstream, which becomes a failure, never a silent gap.</exception>
    public abstract void Apply(OutputEvent output, List<TEvent> events);

    /// <summary>Whether the event ends the run (nothing follows it).</summary>
    public abstract bool IsTerminal(TEvent item);

    /// <summary>The terminal event for a failure, numbered after <paramref name="lastDelivered"/> when the sink is what failed.</summary>
    public abstract TEvent Failed(ApiException error, TEvent? lastDelivered);

    /// <summary>A finished generation's terminal event exists and has not gone out yet: keep what must be kept first.</summary>
    /// <exception cref="Exception">Keeping it failed: the run fails instead (a client is never told of a response the store lacks).</exception>
    public virtual Task CompletedAsync(TEvent terminal, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The run failed with <paramref name="terminal"/>; no client waits for what this does.</summary>
    public virtual Task FailedAsync(TEvent terminal, ApiException error) => Task.CompletedTask;

    /// <summary>The run ended without its terminal event (its client left, or it was cancelled); no client waits for this.</summary>
    public virtual Task CancelledAsync() => Task.CompletedTask;
}
