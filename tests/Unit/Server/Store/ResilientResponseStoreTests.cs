using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Responses.Server.Errors;
using Responses.Server.Storage;
using Responses.Server.Storage.Sqlite;

namespace Responses.Tests.Unit.Server.Store;

/// <summary>
/// Retries and the circuit breaker on a fake clock: Polly reads ResiliencePipelineBuilder.TimeProvider for the
/// sampling window and the break, and zero retry delays never wait on it.
/// </summary>
public sealed class ResilientResponseStoreTests
{
    private static StoreResilienceOptions Fast(int minimumThroughput = 4) => new()
    {
        RetryAttempts = 2,
        RetryDelayMilliseconds = 0,
        FailureRatio = 0.5,
        MinimumThroughput = minimumThroughput,
        SamplingSeconds = 10,
        BreakSeconds = 5,
    };

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_fault_that_passes_is_retried_away()
    {
        var backend = new ScriptedStore { FailuresLeft = 2 };
        var store = Wrap(backend);

        Assert.Null(await store.FindAsync("resp_1", CancellationToken.None));
        Assert.Equal(3, backend.Calls);
    }

    [Fact]
    public async Task A_fault_that_stays_is_a_StoreUnavailableException_after_the_retries()
    {
        var backend = new ScriptedStore { FailuresLeft = int.MaxValue };
        var store = Wrap(backend, Fast(minimumThroughput: 100));

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FindAsync("resp_1", CancellationToken.None));
        Assert.Equal(3, backend.Calls);
        Assert.Contains("scripted", error.Message, StringComparison.Ordinal);
        Assert.True(store.IsAvailable);
    }

    [Fact]
    public async Task Other_exceptions_are_not_retried_but_still_leave_as_StoreUnavailableException()
    {
        var backend = new ScriptedStore { FailuresLeft = 1, Failure = () => new InvalidOperationException("a bug") };
        var store = Wrap(backend);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.DeleteAsync("resp_1", CancellationToken.None));
        Assert.Equal(1, backend.Calls);
        Assert.Contains("test backend", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task Cancellation_is_not_a_store_fault()
    {
        var store = Wrap(new ScriptedStore());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.FindAsync("resp_1", cancelled.Token));
    }

    [Fact]
    public async Task Repeated_failures_open_the_circuit_which_fails_fast_and_closes_after_the_break_when_the_store_works()
    {
        var backend = new ScriptedStore { FailuresLeft = int.MaxValue };
        var store = Wrap(backend);

        // Three attempts fail, then the fourth (the second call's first) reaches MinimumThroughput at ratio 1.
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FindAsync("resp_1", CancellationToken.None));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FindAsync("resp_1", CancellationToken.None));
        Assert.False(store.IsAvailable);
        var callsWhenOpened = backend.Calls;

        var fast = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.SaveAsync(Sample(), CancellationToken.None));
        Assert.Equal(callsWhenOpened, backend.Calls);
        Assert.Contains("unavailable", fast.Message, StringComparison.Ordinal);

        backend.FailuresLeft = 0;
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(store.IsAvailable);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.True(store.IsAvailable);

        await store.SaveAsync(Sample(), CancellationToken.None);
        Assert.True(store.IsAvailable);
        Assert.NotNull(await store.FindAsync("resp_1", CancellationToken.None));
    }

    [Fact]
    public async Task A_probe_that_fails_opens_the_circuit_again()
    {
        var backend = new ScriptedStore { FailuresLeft = int.MaxValue };
        var store = Wrap(backend);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FindAsync("resp_1", CancellationToken.None));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FindAsync("resp_1", CancellationToken.None));

        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.True(store.IsAvailable);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FindAsync("resp_1", CancellationToken.None));

        Assert.False(store.IsAvailable);
    }

    [Fact]
    public async Task An_unwritable_SQLite_store_retries_opens_the_circuit_and_recovers_once_writable_and_the_break_is_over()
    {
        using var folder = new TempStoreFolder();
        Directory.CreateDirectory(folder.Root);
        // Root ignores permission bits: a regular file where the store's folder must be fails for every user.
        var blocker = folder.File("blocker");
        await File.WriteAllTextAsync(blocker, "x");
        using var sqlite = new SqliteResponseStore(Path.Combine(blocker, "responses.db"), new StoreOptions(), clock);
        var counting = new CountingStore(sqlite);
        var store = Wrap(counting);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.SaveAsync(Sample(), CancellationToken.None));
        Assert.Contains("SQLite", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, counting.Calls);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.SaveAsync(Sample(), CancellationToken.None));
        Assert.False(store.IsAvailable);
        var calls = counting.Calls;
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FindAsync("resp_1", CancellationToken.None));
        Assert.Equal(calls, counting.Calls);

        File.Delete(blocker);
        Assert.False(store.IsAvailable);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(store.IsAvailable);
        await store.SaveAsync(Sample(), CancellationToken.None);
        Assert.NotNull(await store.FindAsync("resp_1", CancellationToken.None));
        Assert.True(store.IsAvailable);
    }

    private ResilientResponseStore Wrap(IResponseStore backend, StoreResilienceOptions? options = null) =>
        new(backend, "test backend", options ?? Fast(), clock, NullLogger<ResilientResponseStore>.Instance);

    private static StoredResponse Sample() =>
        new("resp_1", "{}"u8.ToArray(), "[]"u8.ToArray(), "[]"u8.ToArray(), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds());

    /// <summary>Fails its next FailuresLeft calls, then keeps responses in a dictionary.</summary>
    private sealed class ScriptedStore : IResponseStore
    {
        private readonly Dictionary<string, StoredResponse> responses = [];

        public int FailuresLeft { get; set; }

        public Func<Exception> Failure { get; init; } = () => new StoreUnavailableException("The scripted store failed.");

        public int Calls { get; private set; }

        public bool IsAvailable => true;

        public Task<bool> SaveAsync(StoredResponse response, CancellationToken cancellationToken)
        {
            Call(cancellationToken);
            responses[response.Id] = response;
            return Task.FromResult(true);
        }

        public Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken)
        {
            Call(cancellationToken);
            return Task.FromResult(responses.GetValueOrDefault(id));
        }

        public Task<StoredChain?> FindChainAsync(string id, CancellationToken cancellationToken)
        {
            Call(cancellationToken);
            return Task.FromResult(responses.GetValueOrDefault(id) is { } response ? new StoredChain(response, []) : null);
        }

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
        {
            Call(cancellationToken);
            return Task.FromResult(responses.Remove(id));
        }

        private void Call(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Calls++;
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw Failure();
            }
        }
    }

    /// <summary>Counts the calls that reach a real backend.</summary>
    private sealed class CountingStore(IResponseStore inner) : IResponseStore
    {
        public int Calls { get; private set; }

        public bool IsAvailable => inner.IsAvailable;

        public Task<bool> SaveAsync(StoredResponse response, CancellationToken cancellationToken)
        {
            Calls++;
            return inner.SaveAsync(response, cancellationToken);
        }

        public Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken)
        {
            Calls++;
            return inner.FindAsync(id, cancellationToken);
        }

        public Task<StoredChain?> FindChainAsync(string id, CancellationToken cancellationToken)
        {
            Calls++;
            return inner.FindChainAsync(id, cancellationToken);
        }

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
        {
            Calls++;
            return inner.DeleteAsync(id, cancellationToken);
        }
    }
}
