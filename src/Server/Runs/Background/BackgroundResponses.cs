using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Runs.Responses;

namespace Responses.Server.Runs.Background;

/// <summary>
/// The background responses of this process: those queued or running (bounded by
/// <see cref="BackgroundOptions.MaxRunning"/>), and the recently finished ones whose events are kept for resumed
/// streams (bounded by age, count and bytes). At shutdown it waits for the running ones, which the scheduler's
/// drain ends like any other generation.
/// </summary>
public sealed class BackgroundResponses(
    BackgroundRunner runner,
    BackgroundReplicas replicas,
    ResponseArchive archive,
    IGenerationScheduler scheduler,
    IOptions<BackgroundOptions> options,
    TimeProvider clock,
    ILogger<BackgroundResponses> logger) : IHostedService
{
    private const long MiB = 1024 * 1024;

    private readonly ConcurrentDictionary<string, BackgroundRun> runs = new();
    private readonly Lock trimming = new();
    private int running;

    /// <summary>When this process began: a stored response left queued or in_progress before it was left by a previous one.</summary>
    public DateTimeOffset StartedAt { get; } = clock.GetUtcNow();

    /// <summary>
    /// Stores the run as queued and starts it, detached from the request: everything it needs from the request
    /// (the caller's identity included) must already be in <paramref name="plan"/>.
    /// </summary>
    /// <exception cref="ApiException">429 when <see cref="BackgroundOptions.MaxRunning"/> are running; 503 at shutdown or when the store is down.</exception>
    public async Task<BackgroundRun> StartAsync(RunPlan<ResponseStreamEvent> plan, CancellationToken cancellationToken)
    {
        var projection = (ResponseProjection)plan.Projection;
        var run = projection.Run;
        if (scheduler.Status.Draining)
        {
            throw new SchedulerStoppedException("The server is shutting down and accepts no new background responses.");
        }

        if (Interlocked.Increment(ref running) > options.Value.MaxRunning)
        {
            Interlocked.Decrement(ref running);
            throw new ApiException(
                HttpStatusCode.TooManyRequests,
                ErrorTypes.Requests,
                $"Too many background responses: {options.Value.MaxRunning} are queued or running, the most this server takes. Retry when one has finished.",
                code: ErrorTypes.RateLimitExceeded) { RetryAfter = TimeSpan.FromSeconds(1) };
        }

        var background = new BackgroundRun(plan, projection);
        try
        {
            // Known here (and to the other processes on a shared store) before it is stored, so no reader mistakes it
            // for a response a dead process left.
            runs[run.ResponseId] = background;
            await replicas.ClaimAsync(background, cancellationToken);
            await archive.SaveAsync(run, ResponseObjectFactory.Queued(run), cancellationToken);
        }
        catch
        {
            runs.TryRemove(run.ResponseId, out _);
            Interlocked.Decrement(ref running);
            throw;
        }

        // Nothing of the request's execution context (its HttpContext, its cancellation) follows the run.
        using (ExecutionContext.SuppressFlow())
        {
            background.Completion = Task.Run(() => RunAsync(background), CancellationToken.None);
        }

        return background;
    }

    /// <summary>A background response this process runs or ran recently enough to keep its events; null otherwise.</summary>
    public BackgroundRun? Find(string responseId)
    {
        Trim();
        return runs.GetValueOrDefault(responseId);
    }

    /// <summary>
    /// Cancels a run of this process and waits until it has stored its cancelled state and freed its slot, so nothing
    /// it does comes after what the caller does next (a delete, a read of the final state).
    /// </summary>
    /// <returns>Whether it was running here.</returns>
    public async Task<bool> StopAsync(string responseId, CancellationToken cancellationToken)
    {
        if (!runs.TryGetValue(responseId, out var background) || !background.IsRunning)
        {
            return false;
        }

        background.Cancel();
        await background.Completion.WaitAsync(cancellationToken);
        return true;
    }

    public bool IsRunning(string responseId) => runs.TryGetValue(responseId, out var background) && background.IsRunning;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The drain (<c>GracefulShutdown</c>) ends every run; this waits for their final states to be stored.</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(runs.Values.Select(background => background.Completion)).WaitAsync(cancellationToken);

    private async Task RunAsync(BackgroundRun background)
    {
        try
        {
            await runner.RunAsync(background);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Background response {ResponseId} failed outside its stream", background.Id);
        }
        finally
        {
            background.Finished(clock.GetUtcNow());
            Interlocked.Decrement(ref running);
            Trim();
            await replicas.EndAsync(background);
        }
    }

    /// <summary>Drops the events of finished responses past their age, then the oldest beyond the count and byte bounds.</summary>
    private void Trim()
    {
        var bounds = options.Value;
        lock (trimming)
        {
            var finished = runs.Values.Where(r => !r.IsRunning).OrderBy(r => r.FinishedAt).ToList();
            var count = finished.Count;
            var bytes = finished.Sum(r => r.Events.Bytes);
            var expired = clock.GetUtcNow() - TimeSpan.FromSeconds(bounds.KeepFinishedSeconds);
            foreach (var background in finished)
            {
                if (background.FinishedAt > expired && count <= bounds.MaxFinishedKept && bytes <= bounds.FinishedEventsMiB * MiB)
                {
                    break;
                }

                runs.TryRemove(background.Id, out _);
                count--;
                bytes -= background.Events.Bytes;
            }
        }
    }
}
