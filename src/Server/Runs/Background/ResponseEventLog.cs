using System.Runtime.CompilerServices;

namespace Responses.Server.Runs.Background;

/// <summary>
/// The events of one background response, in order, for any number of readers: each reads from a sequence number
/// on, then waits for the live ones, until the log is complete. Events are numbered from 0 without gaps, so an
/// event's sequence number is its index. One writer (the run), many readers; no reader slows the writer down.
/// </summary>
public sealed class ResponseEventLog
{
    private readonly Lock gate = new();
    private readonly List<BufferedEvent> events = [];
    private TaskCompletionSource? changed;

    public bool IsComplete { get; private set; }

    /// <summary>The serialized bytes held, for the buffer's bound.</summary>
    public long Bytes { get; private set; }

    /// <summary>The number of events so far; the last one's sequence number is one less.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return events.Count;
            }
        }
    }

    public void Append(BufferedEvent streamEvent)
    {
        TaskCompletionSource? waiting;
        lock (gate)
        {
            events.Add(streamEvent);
            Bytes += streamEvent.Json.Length;
            waiting = changed;
            changed = null;
        }

        waiting?.TrySetResult();
    }

    /// <summary>The events from sequence number <paramref name="start"/> on, as they are now.</summary>
    public List<BufferedEvent> From(int start)
    {
        lock (gate)
        {
            return start < events.Count ? events.GetRange(start, events.Count - start) : [];
        }
    }

    /// <summary>No more events: readers end once they have read them all.</summary>
    public void Complete()
    {
        TaskCompletionSource? waiting;
        lock (gate)
        {
            IsComplete = true;
            waiting = changed;
            changed = null;
        }

        waiting?.TrySetResult();
    }

    /// <summary>The events after sequence number <paramref name="startingAfter"/> (-1: all), then the live ones until the end.</summary>
    public async IAsyncEnumerable<BufferedEvent> ReadAsync(int startingAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = startingAfter + 1;
        while (true)
        {
            BufferedEvent? streamEvent = null;
            Task? wait = null;
            lock (gate)
            {
                if (next < events.Count)
                {
                    streamEvent = events[next];
                }
                else if (!IsComplete)
                {
                    // Only a reader that caught up allocates a signal, and all waiting readers share it.
                    wait = (changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }
            }

            if (streamEvent is not null)
            {
                next++;
                yield return streamEvent;
            }
            else if (wait is not null)
            {
                await wait.WaitAsync(cancellationToken);
            }
            else
            {
                yield break;
            }
        }
    }
}
