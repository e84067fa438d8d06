using System.Threading.Channels;

namespace Responses.Inference.Generation;

/// <summary>
/// The worker's side of a generation's bounded event channel. When the reader (in the end, the client's socket)
/// falls behind, the channel fills and the worker blocks here: the generation pauses instead of racing ahead into
/// memory. A reader that stays away past the stall timeout ends the generation; one that left (the channel is
/// completed) makes writes no-ops, and the loop's cancellation check ends it.
/// </summary>
internal sealed class OutputWriter(ChannelWriter<OutputEvent> channel, TimeSpan stallTimeout)
{
    /// <summary>Events buffered between the worker and the reader: enough to absorb jitter, small enough to pause soon.</summary>
    public const int Capacity = 64;

    public static Channel<OutputEvent> CreateChannel() => Channel.CreateBounded<OutputEvent>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    public void Write(OutputEvent item, CancellationToken cancellationToken)
    {
        while (!channel.TryWrite(item))
        {
            // Only reached when the buffer is full (or closed): the allocation of a waiting task is off the hot path.
            // No token for the wait itself: cancellation is the token loop's job, checked before every step; this
            // only bounds how long a live reader may leave the buffer full.
            var space = channel.WaitToWriteAsync(CancellationToken.None).AsTask();
            if (!space.IsCompleted && !space.Wait(stallTimeout, cancellationToken))
                throw new ReaderStalledException(stallTimeout);
            if (!space.Result)
                return; // the reader is gone
        }
    }
}
