using System.Runtime.CompilerServices;
using Responses.Inference.Engine;

namespace Responses.Inference;

/// <summary>
/// One admitted generation's slot and its share of the KV-cache memory budget. Generate through it; dispose it (on
/// every path, client gone included) to give the slot to the next in line. The engine resizes the memory share to
/// what the generation's lane really allocates.
/// </summary>
public sealed class GenerationLease : IAsyncDisposable, IReservation
{
    private readonly ILanguageModel model;
    private readonly RenderedPrompt prompt;
    private readonly SamplingSettings sampling;
    private readonly CancellationToken stopping;
    private readonly Action<GenerationLease> release;
    private readonly Func<GenerationLease, long, bool, bool> resize;
    private int released;

    internal GenerationLease(
        ILanguageModel model, RenderedPrompt prompt, SamplingSettings sampling, long memoryBytes, TimeSpan waited,
        long admittedAt, CancellationToken stopping, Action<GenerationLease> release, Func<GenerationLease, long, bool, bool> resize)
    {
        this.model = model;
        this.prompt = prompt;
        this.sampling = sampling;
        Bytes = memoryBytes;
        Waited = waited;
        AdmittedAt = admittedAt;
        this.stopping = stopping;
        this.release = release;
        this.resize = resize;
    }

    /// <summary>How long the request waited in the queue.</summary>
    public TimeSpan Waited { get; }

    /// <summary>The KV-cache bytes this generation holds of the budget (changed only under the scheduler's lock).</summary>
    public long Bytes { get; internal set; }

    bool IReservation.TryResize(long bytes, bool force) => resize(this, bytes, force);

    internal long AdmittedAt { get; }

    /// <summary>
    /// The model's output. Ends with <see cref="SchedulerStoppedException"/> when shutdown stops it, so the caller
    /// can tell that from its own cancellation.
    /// </summary>
    public async IAsyncEnumerable<OutputEvent> GenerateAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        var generation = model is ModelEngine engine
            ? engine.GenerateAsync(prompt, sampling, hook: null, reservation: this, linked.Token)
            : model.GenerateAsync(prompt, sampling, linked.Token);
        await using var output = generation.GetAsyncEnumerator(linked.Token);
        while (true)
        {
            try
            {
                if (!await output.MoveNextAsync().ConfigureAwait(false))
                    yield break;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new SchedulerStoppedException("The server is shutting down; this generation was stopped before it finished.");
            }

            yield return output.Current;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
            release(this);
        return ValueTask.CompletedTask;
    }
}
