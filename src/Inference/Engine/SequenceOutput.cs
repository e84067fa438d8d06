using System.Threading.Channels;

namespace Responses.Inference.Engine;

/// <summary>
/// The hand-off between the engine's loop and one sequence's reader (in the end, a client's socket). The loop never
/// waits here: it writes, and when the reader has fallen <see cref="HighWater"/> events behind, it pauses that
/// sequence alone (<see cref="TryPause"/>) and goes on with the others; the reader resumes it once it has caught up
/// to <see cref="LowWater"/> (in batches, not one wake-up per token, so a fast model and a slightly slower reader do
/// not ping-pong).
/// A reader waiting for its next event runs on in the loop's thread when the event is written (synchronous
/// continuations): it is serialized and handed to the socket right there, instead of waking a thread-pool thread per
/// token (a wake-up cost 0.05 ms on an idle machine, milliseconds on a busy one). The reader is async all the way,
/// so it gives the thread back at its first wait. Only the last event goes out through the thread pool
/// (<see cref="Complete"/>): what a reader does then (storing the response) must not hold up the other sequences.
/// </summary>
internal sealed class SequenceOutput(Action resume)
{
    public const int HighWater = 64;
    public const int LowWater = 16;

    private readonly Channel<OutputEvent> channel = Channel.CreateUnbounded<OutputEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true });

    private int pending;
    private int paused;
    private int completed;

    public ChannelReader<OutputEvent> Reader => channel.Reader;

    /// <summary>Events written and not yet taken.</summary>
    public int Pending => Volatile.Read(ref pending);

    /// <summary>Loop side: one event, never waiting (a reader that left makes it a no-op).</summary>
    public void Write(OutputEvent item)
    {
        // Counted first: the reader may take it (and count it taken) inside TryWrite, on this thread.
        Interlocked.Increment(ref pending);
        if (!channel.Writer.TryWrite(item))
            Interlocked.Decrement(ref pending);
    }

    /// <summary>
    /// Loop side, after a step's events: true when the reader is too far behind and the sequence must pause until
    /// <c>resume</c> is called. The reader may catch up at the same moment; whichever of the two sees the other's
    /// change first settles it, so a pause is never left without its resume.
    /// </summary>
    public bool TryPause()
    {
        if (Volatile.Read(ref pending) < HighWater)
            return false;
        Interlocked.Exchange(ref paused, 1);
        if (Volatile.Read(ref pending) > LowWater)
            return true;
        // Caught up meanwhile: not paused after all (if the reader saw the flag first, its resume is a no-op).
        Interlocked.Exchange(ref paused, 0);
        return false;
    }

    /// <summary>Reader side: one event taken; resumes a paused sequence once the reader has caught up.</summary>
    public void Consumed()
    {
        if (Interlocked.Decrement(ref pending) <= LowWater && Interlocked.CompareExchange(ref paused, 0, 1) == 1)
            resume();
    }

    /// <summary>
    /// Loop side: the sequence ended. Its last event (if any) and the end (with an error for the reader to rethrow, or
    /// without) go out on the thread pool, so the reader's work after its last event never runs on the loop.
    /// </summary>
    public void Complete(OutputEvent? last, Exception? error = null)
    {
        if (Interlocked.Exchange(ref completed, 1) == 1)
            return;
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                var (writer, item, failure) = state;
                if (item is not null)
                    writer.TryWrite(item);
                writer.TryComplete(failure);
            },
            (channel.Writer, last, error),
            preferLocal: false);
    }

    /// <summary>Reader side: the reader left; later writes are dropped.</summary>
    public void Close()
    {
        Interlocked.Exchange(ref completed, 1);
        channel.Writer.TryComplete();
    }
}
