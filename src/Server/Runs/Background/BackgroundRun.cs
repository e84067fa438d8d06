using Responses.Generated;
using Responses.Server.Runs.Responses;

namespace Responses.Server.Runs.Background;

/// <summary>
/// One background response, from its acceptance until its events are dropped: the planned run (everything taken
/// from the request, decided before it was detached), its event log, and the switch that cancels it.
/// </summary>
public sealed class BackgroundRun(RunPlan<ResponseStreamEvent> plan, ResponseProjection projection)
{
    // Never disposed: it has no timer, and a cancel may still reach it after the run ended.
    private readonly CancellationTokenSource cancellation = new();
    private RunPlan<ResponseStreamEvent>? plan = plan;
    private volatile bool ended;

    /// <summary>The planned run, while it is queued or running; let go of when it ends (its prompt may be large, its events are what stays).</summary>
    public RunPlan<ResponseStreamEvent> Plan => plan ?? throw new InvalidOperationException($"Background response {Id} has ended.");

    /// <summary>The run as the store keeps it, while it is queued or running.</summary>
    public ResponseRun Run => ((ResponseProjection)Plan.Projection).Run;

    public string Id { get; } = projection.Run.ResponseId;

    public ResponseEventLog Events { get; } = new();

    /// <summary>Set by POST .../cancel; the run stops within one token step and is stored as cancelled.</summary>
    public CancellationToken Cancelled => cancellation.Token;

    /// <summary>Ends once the run is over: its final state stored, its slot freed, its log complete.</summary>
    public Task Completion { get; internal set; } = Task.CompletedTask;

    /// <summary>When it ended; null while it is queued or running.</summary>
    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Queued or running; once false, <see cref="FinishedAt"/> is set (a volatile read, so other threads see it).</summary>
    public bool IsRunning => !ended;

    public void Cancel() => cancellation.Cancel();

    internal void Finished(DateTimeOffset at)
    {
        FinishedAt = at;
        plan = null;
        ended = true;
    }
}
