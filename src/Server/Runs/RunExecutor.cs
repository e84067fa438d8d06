using System.Net;
using System.Runtime.CompilerServices;
using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Observability;

namespace Responses.Server.Runs;

/// <summary>
/// Drives every run the same way, whatever its API and wherever its events go: admission (refused before the first
/// byte, or waited for with the events already flowing), generation, the API's projection of the output, the sink,
/// and the end. One failure contract for all of it: a failure once events are out becomes the API's terminal event,
/// exactly once, whether generation failed (a native error, the shutdown) or the sink did; a failure before that is
/// thrown, so the client gets an error status instead. The terminal event of a finished generation goes out only
/// after the projection kept what must be kept (the store), so no client is told of a response the store lacks.
/// </summary>
public sealed class RunExecutor(IGenerationScheduler scheduler, ILogger<RunExecutor> logger)
{
    /// <summary>Runs <paramref name="plan"/> into <paramref name="sink"/>.</summary>
    /// <exception cref="Exception">Admission refused it (429, 503) or the sink failed before any event went out.</exception>
    public async Task<RunResult<TEvent>> RunAsync<TEvent>(RunPlan<TEvent> plan, IRunSink<TEvent> sink, CancellationToken cancellationToken)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(sink);
        var state = new RunState<TEvent>();
        if (plan.Admission == Admission.BeforeFirstEvent)
        {
            state.Lease = await AdmitAsync(plan, QueueFullPolicy.Refuse, cancellationToken);
        }

        try
        {
            await sink.WriteAsync(Delivered(Events(plan, state, cancellationToken), state), cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && state.LastDelivered is { } last && !plan.Projection.IsTerminal(last))
        {
            // The sink broke once events were out (the 200 cannot be taken back) and before the client had a terminal
            // event: it gets one, once. A failure that was already kept is told again, not kept twice; a completed
            // response whose terminal event could not be written becomes failed, as its client saw it.
            var kept = state.Failure is not null;
            var failure = state.Failure ??= Describe(plan, exception);
            var terminal = plan.Projection.Failed(failure, last);
            if (kept)
            {
                logger.LogDebug(exception, "{ResponseId}: the sink failed on the failure's terminal event", plan.Run.Id);
            }
            else
            {
                await plan.Projection.FailedAsync(terminal, failure);
            }

            state.Ended = true;
            try
            {
                await sink.WriteLastAsync(terminal, cancellationToken);
                state.LastDelivered = terminal;
            }
            catch (Exception writeFailure)
            {
                // The connection itself is what broke: there is no one left to tell.
                logger.LogDebug(writeFailure, "{ResponseId}: could not write the terminal event after the sink failed", plan.Run.Id);
            }
        }
        finally
        {
            // Decided here, once the sink let go, not in the event iterator's cleanup: that cleanup also runs when
            // the sink fails, which ends the run above as failed, not cancelled.
            if (state.Started && !state.Ended)
            {
                state.Ended = true;
                plan.Telemetry?.Ended(RunOutcome.Cancelled);
                await plan.Projection.CancelledAsync();
            }

            if (state.Lease is { } lease)
            {
                await lease.DisposeAsync();
            }
        }

        return new RunResult<TEvent>(state.LastDelivered, state.Failure);
    }

    /// <summary>Runs <paramref name="plan"/> to its end for a client that waits for the whole answer (no event goes out).</summary>
    /// <exception cref="ApiException">The run failed: nothing was sent, so the client gets the failure's own status.</exception>
    public async Task<RunResult<TEvent>> CollectAsync<TEvent>(RunPlan<TEvent> plan, CancellationToken cancellationToken)
        where TEvent : class
    {
        var result = await RunAsync(plan, Collector<TEvent>.Instance, cancellationToken);
        return result.Failure is { } failure ? throw failure : result;
    }

    private async ValueTask<GenerationLease> AdmitAsync<TEvent>(RunPlan<TEvent> plan, QueueFullPolicy whenFull, CancellationToken cancellationToken)
        where TEvent : class
    {
        var run = plan.Run;
        var lease = await scheduler.AdmitAsync(run.Model, run.Prompt, run.Sampling, whenFull, cancellationToken);
        plan.Telemetry?.Admitted(run.Id, run.Model.Info.Id, lease.Waited);
        return lease;
    }

    /// <summary>
    /// The run's events: the queued ones and admission for a run that waits with its events flowing, then the opening
    /// ones while the prefill runs, then the projection of every output event; a failure on the way becomes the
    /// terminal event. A run that ends without one (its client left) is settled by <see cref="RunAsync"/>.
    /// </summary>
    private async IAsyncEnumerable<TEvent> Events<TEvent>(RunPlan<TEvent> plan, RunState<TEvent> state, [EnumeratorCancellation] CancellationToken cancellationToken)
        where TEvent : class
    {
        var projection = plan.Projection;
        var events = new List<TEvent>(capacity: 8);
        state.Started = true;
        var queued = state.Lease is null;
        if (queued)
        {
            projection.Queued(events);
            foreach (var item in events)
            {
                yield return item;
            }

            events.Clear();
            TEvent? refused = null;
            try
            {
                // Nobody waits on the answer, so a full queue is waited in: the shutdown still refuses it.
                state.Lease = await AdmitAsync(plan, QueueFullPolicy.Wait, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                refused = await FailAsync(plan, state, exception);
            }

            if (refused is not null)
            {
                yield return refused;
                yield break;
            }
        }

        await using var output = state.Lease!.GenerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        // Asked for before the opening events go out: the generation starts, and prefills, while they are written.
        var step = output.MoveNextAsync();
        var opened = false;
        try
        {
            projection.Opening(queued, events);
            foreach (var item in events)
            {
                yield return item;
            }

            events.Clear();
            opened = true;
        }
        finally
        {
            if (!opened)
            {
                // The sink stopped during the opening events: the enumerator is disposed below, never mid-step.
                await SettleAsync(step);
            }
        }

        while (true)
        {
            TEvent? failed = null;
            try
            {
                if (!await step)
                {
                    yield break;
                }

                plan.Telemetry?.Observe(output.Current);
                projection.Apply(output.Current, events);
                if (output.Current is GenerationFinished)
                {
                    await projection.CompletedAsync(events[^1], cancellationToken);
                    state.Ended = true;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failed = await FailAsync(plan, state, exception);
            }

            if (failed is not null)
            {
                yield return failed;
                yield break;
            }

            foreach (var item in events)
            {
                yield return item;
            }

            events.Clear();
            step = output.MoveNextAsync();
        }
    }

    /// <summary>Remembers each event once the sink asked for the next one: then it is written.</summary>
    private static async IAsyncEnumerable<TEvent> Delivered<TEvent>(IAsyncEnumerable<TEvent> events, RunState<TEvent> state)
        where TEvent : class
    {
        await foreach (var item in events)
        {
            yield return item;
            state.LastDelivered = item;
        }
    }

    private async Task<TEvent> FailAsync<TEvent>(RunPlan<TEvent> plan, RunState<TEvent> state, Exception exception)
        where TEvent : class
    {
        state.Ended = true;
        var failure = Describe(plan, exception);
        state.Failure = failure;
        var terminal = plan.Projection.Failed(failure, lastDelivered: null);
        await plan.Projection.FailedAsync(terminal, failure);
        return terminal;
    }

    /// <summary>
    /// A failure as the error the client is told of (OpenAI's words and status), logged once: as an error when it is
    /// ours, as a warning when it is the shutdown or a limit.
    /// </summary>
    private ApiException Describe<TEvent>(RunPlan<TEvent> plan, Exception exception)
        where TEvent : class
    {
        var failure = ApiErrors.From(exception);
        plan.Telemetry?.Ended(RunOutcome.Failed, failure.Message);
        if (failure.Status >= HttpStatusCode.InternalServerError && exception is not SchedulerStoppedException)
        {
            logger.LogError(exception, "{ResponseId} failed after it started", plan.Run.Id);
        }
        else
        {
            logger.LogWarning("{ResponseId} ended early: {Message}", plan.Run.Id, failure.Message);
        }

        return failure;
    }

    /// <summary>Waits for a step no one reads any more; what it ends with no longer matters to anyone.</summary>
    private static async Task SettleAsync(ValueTask<bool> step)
    {
        try
        {
            await step;
        }
        catch (Exception)
        {
            // The generation's own failure or cancellation: the run is already ending for another reason.
        }
    }

    private sealed class RunState<TEvent>
        where TEvent : class
    {
        public GenerationLease? Lease { get; set; }

        public TEvent? LastDelivered { get; set; }

        public ApiException? Failure { get; set; }

        /// <summary>The event iterator began: from here on the run ends one way or another.</summary>
        public bool Started { get; set; }

        /// <summary>The run's ending is decided and kept (completed, failed or cancelled): it is never decided twice.</summary>
        public bool Ended { get; set; }
    }

    /// <summary>The sink of a client that waits for the whole answer: it takes every event and writes none.</summary>
    private sealed class Collector<TEvent> : IRunSink<TEvent>
        where TEvent : class
    {
        public static readonly Collector<TEvent> Instance = new();

        public async Task WriteAsync(IAsyncEnumerable<TEvent> events, CancellationToken cancellationToken)
        {
            await foreach (var _ in events.WithCancellation(cancellationToken))
            {
            }
        }

        public Task WriteLastAsync(TEvent terminal, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>How a run is admitted.</summary>
public enum Admission
{
    /// <summary>Before any byte: a full queue is a 429 the client can act on, never a broken stream.</summary>
    BeforeFirstEvent,

    /// <summary>After the queued events went out, waiting even in a full queue (a background response: nobody waits on it).</summary>
    Queued,
}

/// <summary>One run, as the executor drives it: the run, its API's projection, how it is admitted, and its request's record.</summary>
public sealed record RunPlan<TEvent>(Run Run, RunProjection<TEvent> Projection)
    where TEvent : class
{
    public Admission Admission { get; init; } = Admission.BeforeFirstEvent;

    /// <summary>The request's record for its log line and metrics; null outside a request.</summary>
    public RequestTelemetry? Telemetry { get; init; }
}

/// <summary>How a run ended: the last event written (its terminal one, unless the client left), and its failure if it failed.</summary>
public sealed record RunResult<TEvent>(TEvent? Last, ApiException? Failure)
    where TEvent : class;
