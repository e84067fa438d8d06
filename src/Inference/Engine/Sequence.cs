using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Responses.Inference.Engine;

/// <summary>
/// One request inside the engine: its prompt and search plan, its output sink, its decoder and where it stands.
/// The loop owns every field it changes; other threads only raise flags (<see cref="Cancel"/>, the sink's resume)
/// and wake the loop.
/// </summary>
internal sealed class Sequence
{
    private readonly Action<Sequence> wake;
    private readonly GenerationActivity activity;
    private Exception? stopReason;
    private int cancelRequested;
    private int retired;

    /// <remarks>Counted as active from here: only its retirement (on every path) counts it out.</remarks>
    public Sequence(RenderedPrompt prompt, SearchPlan plan, IStepHook? hook, IReservation? reservation, GenerationActivity activity, Action<Sequence> wake)
    {
        Prompt = prompt;
        Plan = plan;
        Hook = hook;
        Reservation = reservation;
        this.activity = activity;
        this.wake = wake;
        activity.Started();
        Output = new SequenceOutput(() => wake(this));
        ArrivedAt = Stopwatch.GetTimestamp();
    }

    public RenderedPrompt Prompt { get; }

    public SearchPlan Plan { get; }

    /// <summary>The request's stop sequences (decoded text ends at the first); null for none.</summary>
    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary>Where its step hook queues each picked token's log probabilities, when the request asked; null otherwise.</summary>
    public LogprobRecorder? Logprobs { get; init; }

    public IStepHook? Hook { get; }

    /// <summary>The admission slot's memory reservation, resized to what the sequence's lane really allocates; null outside admission.</summary>
    public IReservation? Reservation { get; }

    public SequenceOutput Output { get; }

    /// <summary>When it reached the engine (a batch waits for company at most the batch window from here).</summary>
    public long ArrivedAt { get; }

    /// <summary>Completed by the loop once it no longer runs anything for this sequence (its lane dropped it).</summary>
    public TaskCompletionSource Retired { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set by the loop when it places the sequence in a lane.</summary>
    public TokenDecoder? Decoder { get; set; }

    /// <summary>Prompt tokens whose KV state came from the prompt cache.</summary>
    public int CachedTokens { get; set; }

    /// <summary>The generation ended (end of sequence or its length); its events may still wait for a paused reader.</summary>
    public bool Ended { get; set; }

    /// <summary>Since when the reader has been too far behind (a timestamp); 0 while it keeps up.</summary>
    public long PausedSince { get; private set; }

    public bool Paused => PausedSince != 0;

    /// <summary>Loop side: the reader fell too far behind; the row waits for it (counted, so tests and metrics see it).</summary>
    public void Pause()
    {
        if (PausedSince != 0)
            return;
        PausedSince = Stopwatch.GetTimestamp();
        activity.PauseStarted();
    }

    /// <summary>Loop side: the reader caught up (or the row ends).</summary>
    public void Unpause()
    {
        if (PausedSince == 0)
            return;
        PausedSince = 0;
        activity.PauseEnded();
    }

    /// <summary>Tokens a batch generated for this row while its reader was paused, decoded when it resumes.</summary>
    public List<int>? Held { get; set; }

    /// <summary>It has ended and its reader was told; nothing may touch its decoder any more.</summary>
    public bool IsRetired => Volatile.Read(ref retired) == 1;

    /// <summary>Whether the reader left or the caller cancelled (read by the loop before every step).</summary>
    public bool CancelRequested => Volatile.Read(ref cancelRequested) == 1;

    /// <summary>What the reader is told when the loop ends it for a cancellation: the shutdown's reason, or a plain cancellation.</summary>
    public Exception StopReason => stopReason ?? new OperationCanceledException("The generation was cancelled.");

    /// <summary>Any thread: stop this sequence at the loop's next step.</summary>
    public void Cancel(Exception? reason = null)
    {
        if (reason is not null)
            Interlocked.CompareExchange(ref stopReason, reason, null);
        if (Interlocked.Exchange(ref cancelRequested, 1) == 0)
            wake(this);
    }

    /// <summary>The sequence's own length cap, prompt plus output budget (its lane may have room beyond it).</summary>
    public bool ReachedMaxLength => Prompt.TokenCount + (Decoder?.Generated ?? 0) + (Held?.Count ?? 0) >= Plan.MaxLength;

    /// <summary>Loop side: the generation ended normally; its finish event (exact usage) goes to the reader last.</summary>
    public void Finish(ILogger logger)
    {
        GenerationFinished finished;
        try
        {
            finished = Decoder!.Finish(CachedTokens, logger);
        }
        catch (Exception ex)
        {
            Retire(null, ex);
            return;
        }
        Retire(finished, null);
    }

    /// <summary>Loop side (or the loop's exit): the sequence ends with <paramref name="error"/> for its reader.</summary>
    public void Fail(Exception error) => Retire(null, error);

    /// <summary>Once, whichever path gets here first: frees the decoder, counts the generation out, tells the reader.</summary>
    private void Retire(GenerationFinished? finished, Exception? error)
    {
        if (Interlocked.Exchange(ref retired, 1) == 1)
            return;
        Unpause();
        Decoder?.Dispose();
        activity.Ended();
        Retired.TrySetResult();
        Output.Complete(finished, error);
    }
}
