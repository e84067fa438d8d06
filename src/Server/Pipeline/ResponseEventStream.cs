using System.Runtime.CompilerServices;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Events;
using Responses.Server.Ids;
using Responses.Server.Observability;
using Responses.Server.Store;

namespace Responses.Server.Pipeline;

/// <summary>
/// The spec events of one run, in order, and the one place that turns a failure after the first event into the
/// stream's terminal <c>response.failed</c>: failures of generation (here) and failures of the sink itself
/// (<see cref="Fail"/>), so no stream ends cut without a last word.
/// </summary>
public sealed class ResponseEventStream
{
    /// <summary>How long a save may take once the client no longer waits for it (it left, or the run failed).</summary>
    private static readonly TimeSpan DetachedSaveTimeout = TimeSpan.FromSeconds(30);

    private readonly ResponseRun run;
    private readonly Func<CancellationToken, ValueTask<GenerationLease>>? admit;
    private RunGeneration? generation;
    private readonly ResponseArchive archive;
    private readonly ILogger logger;
    private readonly ResponseEventBuilder builder;
    private readonly RequestTelemetry? telemetry;
    private bool ended;

    internal ResponseEventStream(
        ResponseRun run, GenerationLease lease, IIdGenerator ids, TimeProvider clock, ResponseArchive archive, ILogger logger, RequestTelemetry? telemetry = null)
    {
        this.run = run;
        generation = new RunGeneration(run.Generation, lease, logger, telemetry);
        this.telemetry = telemetry;
        this.archive = archive;
        this.logger = logger;
        builder = new ResponseEventBuilder(run, ids, clock);
    }

    /// <summary>
    /// A background run, not yet admitted: its stream says it is queued, then waits for <paramref name="admit"/>
    /// (the caller owns the lease it returns), so the wait for a slot is part of the events a client can follow.
    /// </summary>
    internal ResponseEventStream(
        ResponseRun run, Func<CancellationToken, ValueTask<GenerationLease>> admit, IIdGenerator ids, TimeProvider clock, ResponseArchive archive, ILogger logger)
    {
        this.run = run;
        this.admit = admit;
        this.archive = archive;
        this.logger = logger;
        builder = new ResponseEventBuilder(run, ids, clock);
    }

    /// <summary>What went wrong when the sequence ended with <c>response.failed</c>, as the error a JSON client gets.</summary>
    public ApiException? Failure { get; private set; }

    /// <remarks>
    /// The one observer of the terminal event, for both sinks: a stored response is saved before its terminal event
    /// is handed on, so no client is ever told of a response the store does not have. A save that fails turns
    /// completion into response.failed (a JSON client gets the 503). A client that leaves mid-generation leaves a
    /// response stored as <c>cancelled</c> with the output so far: it saw the id in response.created, and a GET or a
    /// continuation of that id must not be a 404 (OpenAI marks a response it stopped the same way).
    /// </remarks>
    public async IAsyncEnumerable<ResponseStreamEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            yield return builder.Created();
            if (generation is null)
            {
                yield return builder.Queued();
                if (await AdmitAsync(cancellationToken) is { } refused)
                {
                    yield return refused;
                    yield break;
                }
            }

            yield return builder.InProgress();

            var events = new List<ResponseStreamEvent>(capacity: 8);
            await using var output = generation!.ReadAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                ResponseStreamEvent? failed = null;
                try
                {
                    if (!await output.MoveNextAsync())
                    {
                        yield break;
                    }

                    builder.Apply(output.Current, events);
                    if (output.Current is GenerationFinished)
                    {
                        await SaveAsync(TerminalResponse(events), cancellationToken);
                        ended = true;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // The 200 and earlier events are already out: the failure becomes the stream's terminal event.
                    failed = Fail(exception);
                }

                if (failed is not null)
                {
                    await SaveFailedAsync(failed);
                    yield return failed;
                    yield break;
                }

                foreach (var streamEvent in events)
                {
                    yield return streamEvent;
                }

                events.Clear();
            }
        }
        finally
        {
            if (!ended)
            {
                await SaveCancelledAsync();
            }
        }
    }

    /// <summary>
    /// The terminal event for a failure after the stream began (of generation, or of the sink writing it), or null
    /// when the stream already had its terminal event and there is nothing left to say.
    /// </summary>
    /// <param name="lastDelivered">The last event the sink wrote, when the sink is the one that failed.</param>
    public ResponseStreamEvent? Fail(Exception exception, ResponseStreamEvent? lastDelivered = null)
    {
        if (ended && (lastDelivered is null || lastDelivered is ResponseCompletedEvent or ResponseIncompleteEvent or ResponseFailedEvent))
        {
            return null;
        }

        ended = true;
        Failure = generation?.Describe(exception) ?? RunGeneration.Describe(exception, run.ResponseId, logger, telemetry);

        return builder.Failed(ResponseErrorCodes.For(Failure), Failure.Message, lastDelivered);
    }

    /// <summary>Waits for a slot; a refusal (the shutdown) is the stream's terminal response.failed, saved as failed.</summary>
    private async Task<ResponseStreamEvent?> AdmitAsync(CancellationToken cancellationToken)
    {
        ResponseStreamEvent? failed;
        try
        {
            generation = new RunGeneration(run.Generation, await admit!(cancellationToken), logger, telemetry);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failed = Fail(exception)!;
        }

        await SaveFailedAsync(failed);
        return failed;
    }

    private static Response TerminalResponse(List<ResponseStreamEvent> events) => events[^1] switch
    {
        ResponseCompletedEvent completed => completed.Response,
        ResponseIncompleteEvent incomplete => incomplete.Response,
        var other => throw new InvalidOperationException($"A finished generation ended with {other.GetType().Name}, not its terminal event."),
    };

    private Task SaveAsync(Response response, CancellationToken cancellationToken) =>
        ResponseArchive.Stores(run.Request) ? archive.SaveAsync(run, response, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// A failed response is kept too, as OpenAI keeps it, unless storing is what failed; the client gets its
    /// response.failed either way, so a store that fails again is only logged.
    /// </summary>
    private async Task SaveFailedAsync(ResponseStreamEvent failed)
    {
        if (Failure?.Code == ErrorTypes.StoreUnavailable || failed is not ResponseFailedEvent { Response: { } response })
        {
            return;
        }

        await SaveDetachedAsync(response, "failed");
    }

    private async Task SaveCancelledAsync()
    {
        ended = true;
        telemetry?.Ended(RunOutcome.Cancelled);
        await SaveDetachedAsync(builder.Cancelled(), "cancelled");
    }

    /// <summary>A save no client waits for: not tied to the request (it may be gone), bounded instead.</summary>
    private async Task SaveDetachedAsync(Response response, string what)
    {
        using var timeout = new CancellationTokenSource(DetachedSaveTimeout);
        try
        {
            await SaveAsync(response, timeout.Token);
        }
        catch (Exception exception) when (exception is StoreUnavailableException or OperationCanceledException)
        {
            logger.LogWarning(exception, "{ResponseId} ended {What} and could not be stored", run.ResponseId, what);
        }
    }
}
