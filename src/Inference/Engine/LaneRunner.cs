using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;

namespace Responses.Inference.Engine;

/// <summary>
/// Runs the lanes, on the loop's thread: one prefill chunk per lane still prefilling (warm-ups last, one at a time),
/// one step per lane that has a row to serve, each row's token through its step hook and decoder to its reader, and
/// one sink policy for every row alike: a reader too far behind pauses its row only (a lone lane stops stepping; a
/// batch goes on for the others and holds the paused row's tokens, decoded when its reader catches up), and a pause
/// longer than the stall timeout ends that row. A native failure ends the rows of its lane, never the loop.
/// Lanes are walked by index: a pass may add lanes (a warm-up, a restarted prefill), never remove one. The native
/// calls of a pass (prefill chunks, steps) may run on several lanes at once (<see cref="LaneWorkers"/>); what they
/// lead to (tokens delivered, rows ended, lanes kept) is done on the loop's thread after them.
/// </summary>
internal sealed class LaneRunner(LanePlanner planner, EngineSettings settings, GenerationActivity activity, LaneWorkers workers, ILogger logger)
{
    private readonly long stallTicks = (long)(settings.StallTimeout.TotalSeconds * Stopwatch.Frequency);
    private readonly List<Lane> working = [];
    private Action<Lane>? stepLane;
    private int prefillChunk = settings.PrefillChunkTokens;

    /// <summary>Ends cancelled rows, and rows paused past the stall timeout.</summary>
    public void Sweep(List<Lane> lanes, long now)
    {
        foreach (var lane in lanes)
        {
            for (var i = 0; i < lane.Rows.Length; i++)
            {
                if (lane.Rows[i] is not { } row)
                    continue;
                if (row.CancelRequested)
                    Drop(lane, i, row.StopReason);
                else if (row.Paused && now - row.PausedSince > stallTicks)
                    Drop(lane, i, new ReaderStalledException(settings.StallTimeout));
            }
        }
    }

    /// <summary>One chunk for every lane still prefilling; of the warm-ups (no reader waits for them), only one.</summary>
    public bool Prefill(List<Lane> lanes)
    {
        working.Clear();
        var warmed = false;
        for (var i = 0; i < lanes.Count; i++)
        {
            var lane = lanes[i];
            if (lane.Failed || lane.Prefilled || (lane.WarmUp && warmed))
                continue;
            warmed |= lane.WarmUp;
            if (!lane.Batched)
            {
                var remaining = lane.Target.Length - lane.Appended;
                // A prompt with images goes in one call on a fresh generator: the processor expands it whole.
                lane.ChunkLength = prefillChunk > 0 && !ImagesFirst(lane) ? Math.Min(prefillChunk, remaining) : remaining;
            }
            working.Add(lane);
        }
        if (working.Count == 0)
            return false;
        workers.Run(working, PrefillNative);
        foreach (var lane in working)
        {
            if (lane.StepError is not { } error)
                continue;
            lane.StepError = null;
            var failure = AsInference(error);
            if (!lane.Batched && lane.Appended > 0 && lane.Rows[0] is { } row)
                RestartWhole(lane, row, failure, lanes);
            else
                FailLane(lane, failure);
        }
        return true;
    }

    /// <summary>One step for every prefilled lane with a row that is live, not paused and not cancelled.</summary>
    public bool Decode(List<Lane> lanes)
    {
        working.Clear();
        var worked = false;
        for (var i = 0; i < lanes.Count; i++)
        {
            var lane = lanes[i];
            if (lane.Failed || !lane.Prefilled || lane.WarmUp || !HasActiveRow(lane))
                continue;
            worked = true;
            try
            {
                if (lane.Generator.IsDone())
                {
                    EndLiveRows(lane, lanes);
                    continue;
                }
            }
            catch (InferenceException ex)
            {
                FailLane(lane, ex);
                continue;
            }
            working.Add(lane);
        }
        if (working.Count == 0)
            return worked;
        workers.Run(working, stepLane ??= StepLane);
        foreach (var lane in working)
        {
            if (lane.StepError is { } error)
            {
                lane.StepError = null;
                FailLane(lane, AsInference(error));
            }
            else if (lane.Batched)
            {
                // Rows that ended leave their batch here, on the loop: a warm-up is a new lane.
                for (var i = 0; i < lane.Rows.Length; i++)
                {
                    if (lane.Rows[i] is { Ended: true, Paused: false } row)
                        EndBatchRow(lane, i, row, lanes);
                }
            }
        }
        return worked;
    }

    /// <summary>
    /// Removes lanes with no row left to serve: a lone lane's generator goes to the prompt cache when its row ended
    /// normally (a cancelled, stalled or failed one's state is not known to be whole), a warm-up's once prefilled.
    /// </summary>
    public void Retire(List<Lane> lanes)
    {
        for (var i = lanes.Count - 1; i >= 0; i--)
        {
            var lane = lanes[i];
            if (lane.Failed)
            {
                lane.Generator.Dispose();
            }
            else if (lane.WarmUp)
            {
                if (!lane.Prefilled)
                    continue;
                planner.Cache.Keep(lane.Generator, lane.Target, lastTokenRan: true, lane.Search, lane.Capacity);
            }
            else if (!lane.Batched && lane.Rows[0] is { Ended: true } row)
            {
                lane.Rows[0] = null;
                KeepOrFree(lane, row);
                row.Finish(logger);
            }
            else if (Array.TrueForAll(lane.Rows, r => r is null))
            {
                lane.Generator.Dispose();
            }
            else
            {
                continue;
            }
            lanes.RemoveAt(i);
        }
    }

    /// <summary>A paused reader caught up: decode what its batch held for it, and let its lane step again.</summary>
    public void Resume(Sequence row, List<Lane> lanes)
    {
        if (!row.Paused || row.IsRetired)
            return;
        row.Unpause();
        if (row.Held is { Count: > 0 } held)
        {
            var tokens = held.ToArray();
            held.Clear();
            foreach (var token in tokens)
            {
                if (row.Paused)
                    held.Add(token); // paused again: the rest waits for the next catch-up
                else
                    Deliver(row, token);
            }
        }
        // A batch row that ended while its reader was away: it leaves its batch now.
        if (row.Ended && !row.Paused && FindBatch(lanes, row) is { } place)
            EndBatchRow(place.Lane, place.Index, row, lanes);
    }

    /// <summary>The loop stops: every row ends with <paramref name="error"/>, every generator is freed.</summary>
    public static void FailAll(List<Lane> lanes, Exception error)
    {
        foreach (var lane in lanes)
        {
            foreach (var row in lane.Rows)
                row?.Fail(error);
            lane.Generator.Dispose();
        }
        lanes.Clear();
    }

    private static bool HasActiveRow(Lane lane)
    {
        foreach (var row in lane.Rows)
        {
            if (row is { Ended: false, Paused: false, CancelRequested: false })
                return true;
        }
        return false;
    }

    /// <summary>The native part of a prefill: a batch's one padded append, or a lone lane's chunk. Any thread; never throws.</summary>
    private static void PrefillNative(Lane lane)
    {
        try
        {
            if (lane.Batched)
            {
                lane.Generator.AppendRows(lane.Prompts);
                lane.RowsAppended = true;
            }
            else if (ImagesFirst(lane))
            {
                var prompt = lane.Rows[0]!.Prompt;
                lane.Generator.AppendWithImages(prompt.Text, prompt.Images);
                lane.Appended += lane.ChunkLength;
            }
            else
            {
                lane.Generator.Append(lane.Target.AsSpan(lane.Appended, lane.ChunkLength));
                lane.Appended += lane.ChunkLength;
            }
        }
        catch (Exception ex)
        {
            lane.StepError = ex;
        }
    }

    /// <summary>
    /// A multi-token append on top of a cache failed. The probe at load passed, so this is unexpected: this prompt
    /// starts again in one append, and from here on this model neither chunks prompts nor continues kept generations.
    /// </summary>
    private void RestartWhole(Lane lane, Sequence row, InferenceException failure, List<Lane> lanes)
    {
        logger.LogWarning(failure, "A multi-token append on top of a cache failed ({Message}); prompts are prefilled in one step and the prompt cache is off from now on.", failure.Message);
        prefillChunk = 0;
        planner.Cache.Disable();
        lane.Rows[0] = null;
        lane.Failed = true;
        planner.Restart(row, lanes);
    }

    /// <summary>
    /// One step of a lane: the rows' hooks on the logits, the model run, and each row's token to its reader (or held
    /// for it while it is paused). Any thread: it touches only this lane and its rows; never throws.
    /// </summary>
    private void StepLane(Lane lane)
    {
        try
        {
            var generator = lane.Generator;
            Span<float> logits = default;
            var vocabulary = 0;
            if (HasHook(lane))
            {
                logits = generator.Logits();
                vocabulary = logits.Length / lane.Rows.Length;
                var changed = false;
                for (var i = 0; i < lane.Rows.Length; i++)
                {
                    if (lane.Rows[i] is { Hook: { } hook, Ended: false })
                        changed |= hook.BeforeSample(logits.Slice(i * vocabulary, vocabulary));
                }
                if (changed)
                    generator.SetLogits(logits);
            }
            generator.Step();
            var next = generator.NextTokens();
            for (var i = 0; i < lane.Rows.Length; i++)
            {
                if (lane.Rows[i] is not { Ended: false } row)
                    continue;
                var token = next[i];
                row.Hook?.AfterSample(token, vocabulary == 0 ? default : logits.Slice(i * vocabulary, vocabulary));
                activity.TokenGenerated();
                if (row.Paused)
                    Hold(row, token);
                else
                    Deliver(row, token);
            }
        }
        catch (Exception ex)
        {
            lane.StepError = ex;
        }
    }

    /// <summary>An adapter failure, as the seam promises; anything else is a bug that stops the loop.</summary>
    private static InferenceException AsInference(Exception error)
    {
        if (error is InferenceException failure)
            return failure;
        ExceptionDispatchInfo.Capture(error).Throw();
        throw error; // not reached
    }

    private static bool HasHook(Lane lane)
    {
        foreach (var row in lane.Rows)
        {
            if (row is { Hook: not null, Ended: false })
                return true;
        }
        return false;
    }

    /// <summary>A token to its reader: decoded into events; the row ends on end of sequence or its length, pauses on a slow reader.</summary>
    private static void Deliver(Sequence row, int token)
    {
        // Tokens a batch held for a paused row past its stop sequence: the row ended there.
        if (row.Decoder!.Stopped)
            return;
        if (!row.Decoder.Push(token) || row.ReachedMaxLength)
            row.Ended = true;
        else if (row.Output.TryPause())
            row.Pause();
    }

    /// <summary>A paused batch row's token, kept undecoded (4 bytes, bounded by its max_length) until its reader catches up.</summary>
    private static void Hold(Sequence row, int token)
    {
        (row.Held ??= []).Add(token);
        if (row.Decoder!.IsEos(token) || row.ReachedMaxLength)
            row.Ended = true;
    }

    /// <summary>Every row still live when the generator says it is done (its max_length, or a completed grammar).</summary>
    private void EndLiveRows(Lane lane, List<Lane> lanes)
    {
        for (var i = 0; i < lane.Rows.Length; i++)
        {
            if (lane.Rows[i] is not { Ended: false } row)
                continue;
            row.Ended = true;
            if (lane.Batched && !row.Paused)
                EndBatchRow(lane, i, row, lanes);
        }
    }

    /// <summary>A batch row that ended: it leaves the batch (its tokens ride along), and a warm-up makes it reusable.</summary>
    private void EndBatchRow(Lane lane, int index, Sequence row, List<Lane> lanes)
    {
        lane.Rows[index] = null;
        planner.WarmUp(row, lanes);
        row.Finish(logger);
    }

    /// <summary>A lone lane whose prompt has images and whose generator holds nothing yet (not one continued from the cache).</summary>
    private static bool ImagesFirst(Lane lane) => lane.Appended == 0 && lane.Rows is [{ Prompt.Images.Count: > 0 }];

    private void KeepOrFree(Lane lane, Sequence row)
    {
        if (row.Plan.Guidance is null)
        {
            // The whole sequence, its last token sampled but never run: what a follow-up can share (with the same images).
            planner.Cache.Keep(lane.Generator, lane.Generator.Sequence(), lastTokenRan: false, lane.Search, lane.Capacity, PromptImages.Of(row.Prompt));
        }
        else
        {
            // ORT resets a grammar on a rewind, and a completed grammar reports done: a guided generator is never reused.
            lane.Generator.Dispose();
        }
    }

    /// <summary>A row leaves early (cancelled, stalled): a lone lane's generator is freed, a batch goes on without it.</summary>
    private static void Drop(Lane lane, int index, Exception reason)
    {
        var row = lane.Rows[index]!;
        lane.Rows[index] = null;
        row.Fail(reason);
    }

    private static void FailLane(Lane lane, InferenceException error)
    {
        lane.Failed = true;
        for (var i = 0; i < lane.Rows.Length; i++)
        {
            lane.Rows[i]?.Fail(error);
            lane.Rows[i] = null;
        }
    }

    private static (Lane Lane, int Index)? FindBatch(List<Lane> lanes, Sequence row)
    {
        foreach (var lane in lanes)
        {
            var index = Array.IndexOf(lane.Rows, row);
            if (index >= 0 && lane.Batched)
                return (lane, index);
        }
        return null;
    }
}
