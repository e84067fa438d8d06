using Responses.Server.Pipeline;

namespace Responses.Server.Background;

/// <summary>
/// One background response, from its acceptance until its events are dropped: the run (everything taken from the
/// request, decided before it was detached), its event log, and the switch that cancels it.
/// </summary>
public sealed class BackgroundRun(ResponseRun run)
{
    // Never disposed: it has no timer, and a cancel may still reach it after the run ended.
    private readonly CancellationTokenSource cancellation = new();

    public ResponseRun Run { get; } = run;

    public string Id => Run.ResponseId;

    public ResponseEventLog Events { get; } = new();

    /// <summary>Set by POST .../cancel; the run stops within one token step and is stored as cancelled.</summary>
    public CancellationToken Cancelled => cancellation.Token;

    /// <summary>Ends once the run is over: its final state stored, its slot freed, its log complete.</summary>
    public Task Completion { get; internal set; } = Task.CompletedTask;

    /// <summary>When it ended; null while it is queued or running.</summary>
    public DateTimeOffset? FinishedAt { get; internal set; }

    public bool IsRunning => FinishedAt is null;

    public void Cancel() => cancellation.Cancel();
}
