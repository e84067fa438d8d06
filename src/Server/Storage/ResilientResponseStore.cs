using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Responses.Server.Errors;

namespace Responses.Server.Storage;

/// <summary>
/// Any backend behind retries and a circuit breaker. Backends throw <see cref="StoreUnavailableException"/> for
/// the faults that may pass (each knows its own: SqliteException, NpgsqlException, IOException); those are retried
/// with exponential backoff, and when most recent calls fail the circuit opens: <see cref="IsAvailable"/> turns
/// false and calls fail at once for the break, then one call probes the backend and a success closes it again.
/// Whatever still fails leaves as StoreUnavailableException (the API's 503); cancellation leaves as itself.
/// </summary>
public sealed class ResilientResponseStore : IResponseStore, IAsyncDisposable, IDisposable
{
    private readonly IResponseStore inner;
    private readonly string backend;
    private readonly TimeProvider time;
    private readonly ResiliencePipeline pipeline;

    // UTC ticks until which the circuit refuses calls; 0 while closed. Polly's own state only moves to half-open
    // when a call arrives, and callers that check IsAvailable first would then never send that call.
    private long openUntilTicks;

    public ResilientResponseStore(
        IResponseStore inner, string backend, StoreResilienceOptions options, TimeProvider time, ILogger<ResilientResponseStore> logger)
    {
        this.inner = inner;
        this.backend = backend;
        this.time = time;
        var transient = new PredicateBuilder().Handle<StoreUnavailableException>();
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.RetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.RetryAttempts,
                Delay = TimeSpan.FromMilliseconds(options.RetryDelayMilliseconds),
                BackoffType = DelayBackoffType.Exponential,
                // One process's own requests: the spread jitter buys is not worth the less predictable wait.
                UseJitter = false,
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = transient,
            FailureRatio = options.FailureRatio,
            MinimumThroughput = options.MinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(options.SamplingSeconds),
            BreakDuration = TimeSpan.FromSeconds(options.BreakSeconds),
            OnOpened = args =>
            {
                Volatile.Write(ref openUntilTicks, (time.GetUtcNow() + args.BreakDuration).UtcTicks);
                logger.LogError(
                    args.Outcome.Exception,
                    "The {Backend} response store keeps failing: requests that need it get 503 for {BreakSeconds} s, then it is tried again.",
                    backend,
                    args.BreakDuration.TotalSeconds);
                return default;
            },
            OnClosed = _ =>
            {
                Volatile.Write(ref openUntilTicks, 0);
                logger.LogInformation("The {Backend} response store works again.", backend);
                return default;
            },
        });
        pipeline = builder.Build();
    }

    public bool IsAvailable => time.GetUtcNow().UtcTicks >= Volatile.Read(ref openUntilTicks);

    public Task<bool> SaveAsync(StoredResponse response, CancellationToken cancellationToken) =>
        RunAsync(token => inner.SaveAsync(response, token), cancellationToken);

    public Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken) =>
        RunAsync(token => inner.FindAsync(id, token), cancellationToken);

    public Task<StoredChain?> FindChainAsync(string id, CancellationToken cancellationToken) =>
        RunAsync(token => inner.FindChainAsync(id, token), cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        RunAsync(token => inner.DeleteAsync(id, token), cancellationToken);

    public ValueTask DisposeAsync() => StoreDisposal.DisposeAsync(inner);

    public void Dispose() => StoreDisposal.Dispose(inner);

    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(
                static async (operation, token) => await operation(token), operation, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (StoreUnavailableException)
        {
            throw;
        }
        catch (BrokenCircuitException e)
        {
            throw new StoreUnavailableException(
                $"The {backend} response store is unavailable: it failed repeatedly, and is tried again in a few seconds.", e);
        }
        catch (Exception e)
        {
            // Not a fault the backend calls transient (a bug, a schema from a newer server): no retry, still a 503.
            throw new StoreUnavailableException($"The {backend} response store failed: {e.Message}", e);
        }
    }
}
