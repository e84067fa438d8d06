using System.Threading.Channels;
using Responses.Inference.Generation;

namespace Responses.Inference.Batching;

/// <summary>
/// One request's place in a batch: its prompt and search plan in, its output events out. The batch thread writes
/// without ever waiting (one slow reader must not stall the other rows), so a row's events are bounded only by its
/// own max_output_tokens; a reader that leaves ends the row at the batch's next step.
/// </summary>
internal sealed class BatchRow
{
    private readonly Channel<OutputEvent> output = Channel.CreateUnbounded<OutputEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly TaskCompletionSource<bool> placement = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stop;
    private int abandoned;

    public BatchRow(RenderedPrompt prompt, SearchPlan plan, CancellationToken shutdown)
    {
        Prompt = prompt;
        Plan = plan;
        stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        // Taken now: a disposed source refuses to hand out its token, but the token still answers IsCancellationRequested.
        Cancellation = stop.Token;
    }

    public RenderedPrompt Prompt { get; }

    public SearchPlan Plan { get; }

    /// <summary>Set at shutdown or once the reader is gone (<see cref="Abandon"/>); the batch drops the row at its next step.</summary>
    public CancellationToken Cancellation { get; }

    public ChannelReader<OutputEvent> Reader => output.Reader;

    /// <summary>True: the row runs in a batch; false: it found no company and runs alone.</summary>
    public Task<bool> Placed => placement.Task;

    public void Place(bool batched) => placement.TrySetResult(batched);

    public void Write(OutputEvent item) => output.Writer.TryWrite(item);

    public void Complete(Exception? error = null) => output.Writer.TryComplete(error);

    /// <summary>Reader side, when it stops reading for any reason (finished, cancelled, failed).</summary>
    public void Abandon()
    {
        if (Interlocked.Exchange(ref abandoned, 1) == 1)
            return;
        stop.Cancel();
        stop.Dispose();
    }
}
