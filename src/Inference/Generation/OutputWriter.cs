using System.Threading.Channels;

namespace Responses.Inference.Generation;

/// <summary>
/// The hand-off between a generation's worker and its reader (in the end, the client's socket). When the reader
/// falls <see cref="HighWater"/> events behind, the worker blocks (the generation pauses instead of racing ahead
/// into memory) until the reader has caught up to <see cref="LowWater"/>: resuming in batches, not one wake-up per
/// token, keeps a fast model from ping-ponging threads with a slightly slower reader. A reader that stays away past
/// the stall timeout ends the generation; once the reader has left, writes are no-ops and the token loop's
/// cancellation check ends it.
/// A reader waiting for the next event runs on in the worker's thread when it is written (synchronous
/// continuations): the event is serialized and handed to the socket right there, instead of waking a thread-pool
/// thread per token (each wake-up cost 0.05 ms on an idle machine, milliseconds on a busy one, and the first
/// delta paid one). The reader is async all the way, so it gives the thread back at its first wait (the socket, the
/// next event).
/// </summary>
internal sealed class OutputWriter(TimeSpan stallTimeout) : IDisposable
{
    public const int HighWater = 64;
    public const int LowWater = 16;

    private readonly Channel<OutputEvent> channel = Channel.CreateUnbounded<OutputEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true });

    private readonly ManualResetEventSlim resumed = new(initialState: true);
    private int pending;
    private volatile bool closed;

    public ChannelReader<OutputEvent> Reader => channel.Reader;

    /// <summary>Worker side: hands one event over, pausing while the reader is too far behind.</summary>
    public void Write(OutputEvent item, CancellationToken cancellationToken)
    {
        if (!channel.Writer.TryWrite(item) || Interlocked.Increment(ref pending) < HighWater)
            return;
        resumed.Reset();
        // Checked after the reset: a reader that caught up (or left) before it is seen here, one after it sets the event.
        if (Volatile.Read(ref pending) > LowWater && !closed && !resumed.Wait(stallTimeout, cancellationToken))
            throw new ReaderStalledException(stallTimeout);
    }

    /// <summary>Worker side: the generation ended, with an error for the reader to rethrow or without.</summary>
    public void Complete(Exception? error = null) => channel.Writer.TryComplete(error);

    /// <summary>Reader side: one event taken.</summary>
    public void Consumed()
    {
        if (Interlocked.Decrement(ref pending) == LowWater)
            resumed.Set();
    }

    /// <summary>Reader side: the reader left; the worker must never wait for it again.</summary>
    public void Close()
    {
        closed = true;
        channel.Writer.TryComplete();
        resumed.Set();
    }

    public void Dispose() => resumed.Dispose();
}
