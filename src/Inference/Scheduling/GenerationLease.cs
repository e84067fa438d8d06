using System.Runtime.CompilerServices;

namespace Responses.Inference;

/// <summary>
/// One admitted generation's slot. Generate through it; dispose it (on every path, client gone included) to give
/// the slot to the next in line.
/// </summary>
public sealed class GenerationLease : IAsyncDisposable
{
    private readonly ILanguageModel model;
    private readonly RenderedPrompt prompt;
    private readonly SamplingSettings sampling;
    private readonly CancellationToken stopping;
    private readonly Action<GenerationLease> release;
    private int released;

    internal GenerationLease(
        ILanguageModel model, RenderedPrompt prompt, SamplingSettings sampling, long memoryBytes, TimeSpan waited,
        long admittedAt, CancellationToken stopping, Action<GenerationLease> release)
    {
        this.model = model;
        this.prompt = prompt;
        this.sampling = sampling;
        MemoryBytes = memoryBytes;
        Waited = waited;
        AdmittedAt = admittedAt;
        this.stopping = stopping;
        this.release = release;
    }

    /// <summary>How long the request waited in the queue.</summary>
    public TimeSpan Waited { get; }

    internal long MemoryBytes { get; }

    internal long AdmittedAt { get; }

    /// <summary>
    /// The model's output. Ends with <see cref="SchedulerStoppedException"/> when shutdown stops it, so the caller
    /// can tell that from its own cancellation.
    /// </summary>
    public async IAsyncEnumerable<OutputEvent> GenerateAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        await using var output = model.GenerateAsync(prompt, sampling, linked.Token).GetAsyncEnumerator(linked.Token);
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
