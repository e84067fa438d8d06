using Responses.Inference;

namespace Responses.Server.Observability;

/// <summary>
/// What one request did, gathered as it goes, for its one log line and its metrics at the end. Lives in the
/// request's features; the create path fills in the run's facts through a few one-line hooks.
/// </summary>
/// <remarks>
/// Touched by one request at a time (the handler, then the middleware after it), so no field needs a lock.
/// <see cref="Observe"/> runs once per output event: a field test and a type test, nothing allocated.
/// </remarks>
public sealed class RequestTelemetry(TimeProvider clock, long startedAt)
{
    private long? firstOutputAt;

    /// <summary>When the request arrived, on <see cref="Clock"/>'s timestamp scale.</summary>
    public long StartedAt { get; } = startedAt;

    public TimeProvider Clock { get; } = clock;

    /// <summary>The model the request named (a refused request's too), then the one that served it.</summary>
    public string? Model { get; private set; }

    /// <summary>Whether the client asked for a stream; null for requests that cannot.</summary>
    public bool? Stream { get; private set; }

    /// <summary>"resp_…", once the run has one.</summary>
    public string? ResponseId { get; private set; }

    /// <summary>Time in the scheduler's queue, once admitted.</summary>
    public TimeSpan? Queued { get; private set; }

    /// <summary>How the generation ended; null when none started (a refusal, a GET).</summary>
    public RunOutcome? Outcome { get; private set; }

    /// <summary>Exact usage, once the generation finished.</summary>
    public TokenUsage? Usage { get; private set; }

    /// <summary>From arrival to the first output delta; null when there was none.</summary>
    public TimeSpan? TimeToFirstToken => firstOutputAt is { } at ? Clock.GetElapsedTime(StartedAt, at) : null;

    public void Requested(string? model, bool stream)
    {
        Model = model;
        Stream = stream;
    }

    public void Admitted(string responseId, string model, TimeSpan queued)
    {
        ResponseId = responseId;
        Model = model;
        Queued = queued;
    }

    /// <summary>Every output event of the generation, in order.</summary>
    public void Observe(OutputEvent output)
    {
        if (output is GenerationFinished finished)
        {
            Usage = finished.Usage;
            // Provisional: a save that fails after it, or a client that leaves, ends the run otherwise.
            Outcome = finished.Reason == FinishReason.Length ? RunOutcome.Incomplete : RunOutcome.Completed;
        }
        else if (firstOutputAt is null)
        {
            // Any delta counts (text, thinking, a call's start): it is what the client sees arrive first.
            firstOutputAt = Clock.GetTimestamp();
        }
    }

    /// <summary>What went wrong, in the words the client got; null when nothing did.</summary>
    public string? Error { get; private set; }

    /// <param name="error">Why it failed, when it did.</param>
    public void Ended(RunOutcome outcome, string? error = null)
    {
        Outcome = outcome;
        Error = error ?? Error;
    }

    /// <summary>The request was answered with an error status instead of being served.</summary>
    public void Refused(string error) => Error = error;
}
