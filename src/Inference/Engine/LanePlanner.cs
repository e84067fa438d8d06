using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Responses.Inference.Native;

namespace Responses.Inference.Engine;

/// <summary>
/// Decides where each sequence runs, on the loop's thread: in a lane of its own (continuing a kept generator or a
/// warm-up when its prompt extends one, else a fresh generator), or in a static batch with sequences that arrived
/// with it and share its search settings. On an idle model a sequence starts at once; while others run, a
/// batchable one waits up to the batch window for company. It also owns the prompt cache, and starts the warm-ups
/// that make a finished batch row reusable like a lone generation.
/// </summary>
internal sealed class LanePlanner(
    INativeModel model,
    PromptCache cache,
    EngineSettings settings,
    OutputSyntax syntax,
    ILogger logger) : IDisposable
{
    /// <summary>Kept tokens a prompt must reuse to leave its batch for a lane of its own.</summary>
    internal const int ReuseWorthALane = 256;

    private long rowsBatched;

    public PromptCache Cache => cache;

    /// <summary>Sequences that ran in a batch so far (tests and logs read it).</summary>
    public long RowsBatched => Interlocked.Read(ref rowsBatched);

    /// <summary>Whether a sequence may share a batch: free text, no seed of its own, a prompt of one padded append, no pad token, no image.</summary>
    public bool Batchable(Sequence sequence) =>
        settings.MaxBatchSize > 1
        && sequence.Prompt.Images.Count == 0
        && sequence.Plan.Guidance is null && !sequence.Plan.ExplicitSeed
        && sequence.Prompt.TokenCount <= settings.BatchPromptLimit
        // A batch masks the pad token out wherever it is; alone it is read like any other.
        && Array.IndexOf(sequence.Prompt.TokenIds, settings.PadTokenId) < 0;

    /// <summary>
    /// Places the waiting batchable sequences. While fewer lanes run than the machine can run at once, they start
    /// now, spread over the free lanes (a core is worth more than a batch row); once every such lane is taken, they
    /// wait until a batch is full or the oldest waited its window, then share one batch.
    /// </summary>
    public void Place(List<Sequence> pending, List<Lane> lanes, long now)
    {
        if (pending.Count == 0)
            return;
        var running = 0;
        foreach (var lane in lanes)
            running += !lane.WarmUp && lane.LiveRows > 0 ? 1 : 0;
        if (running >= settings.ParallelLanes && pending.Count < settings.MaxBatchSize
            && Stopwatch.GetElapsedTime(pending[0].ArrivedAt, now) < settings.BatchWindow)
            return;
        while (pending.Count > 0)
        {
            var search = SearchKey.Of(pending[0].Plan);
            var group = new List<Sequence>();
            for (var i = 0; i < pending.Count && group.Count < settings.MaxBatchSize; i++)
            {
                var candidate = pending[i];
                if (SearchKey.Of(candidate.Plan) != search)
                    continue;
                pending.RemoveAt(i--);
                // A prompt that continues a long kept generation is better off alone: its prefill is mostly done. A
                // short one is not: the batch prefills it again in the same padded append at little cost, and every
                // decode step is then shared (on a small model a step's fixed cost is most of it).
                if (candidate.CancelRequested || cache.BestReuse(candidate.Prompt.TokenIds, candidate.Plan) >= ReuseWorthALane)
                {
                    PlaceLone(candidate, lanes);
                    running++;
                }
                else
                {
                    group.Add(candidate);
                }
            }
            var parts = Math.Clamp(settings.ParallelLanes - running, 1, Math.Max(1, group.Count));
            for (var part = 0; part < parts; part++)
            {
                // Rows dealt out evenly: 5 over 2 free lanes are batches of 3 and 2.
                var rows = group.Where((_, index) => index % parts == part).ToList();
                if (rows.Count == 1)
                    PlaceLone(rows[0], lanes);
                else if (rows.Count > 1)
                    PlaceBatch(rows, lanes);
            }
            running += group.Count > 0 ? parts : 0;
        }
    }

    /// <summary>
    /// A lane of its own: a kept generator or a warm-up its prompt extends, or a fresh generator. A prompt with images
    /// continues only a kept generator that holds the same images (only a generator's first input can carry them).
    /// </summary>
    public void PlaceLone(Sequence sequence, List<Lane> lanes)
    {
        Lane? lane;
        try
        {
            lane = Continue(sequence, lanes);
        }
        catch (InferenceException ex)
        {
            // The probe at load passed, so this is unexpected: no kept generation is trusted from here on.
            logger.LogWarning(ex, "A kept generation could not be rewound ({Message}); the prompt cache is off from now on.", ex.Message);
            cache.Disable();
            sequence.CachedTokens = 0;
            lane = null;
        }
        try
        {
            lane ??= Fresh(sequence, lanes);
        }
        catch (InferenceException ex)
        {
            sequence.Fail(ex);
            return;
        }
        sequence.Reservation?.TryResize(cache.KvBytesFor(lane.Capacity, sequence.Plan.MaxLength), force: true);
        sequence.Decoder = NewDecoder(sequence);
    }

    /// <summary>A sequence whose continuation failed on top of a cache starts again from its first token.</summary>
    public void Restart(Sequence sequence, List<Lane> lanes)
    {
        sequence.Decoder?.Dispose();
        sequence.Decoder = null;
        sequence.CachedTokens = 0;
        PlaceLone(sequence, lanes);
    }

    /// <summary>
    /// A finished batch row's tokens, prefilled into a generator of its own for the prompt cache (a batch generator
    /// cannot be kept for one row): an agent's next turn resends them, whatever the load was when this one ran.
    /// </summary>
    public void WarmUp(Sequence row, List<Lane> lanes)
    {
        if (!cache.Enabled || row.Decoder is not { } decoder)
            return;
        int[] tokens = [.. row.Prompt.TokenIds, .. decoder.Tokens];
        var search = SearchKey.Of(row.Plan);
        // Rows of one batch often say the same (one prompt, greedy): one warm-up serves them all.
        if (cache.Covers(tokens, search) || lanes.Exists(lane => lane.WarmUp && lane.Search == search && lane.Target.AsSpan().StartsWith(tokens)))
            return;
        var capacity = cache.CapacityFor(row.Plan.MaxLength);
        if (tokens.Length < PromptCache.MinReusedTokens || tokens.Length >= capacity)
            return;
        try
        {
            lanes.Add(Lane.Warm(model.CreateGenerator(row.Plan.Settings(1, capacity)), tokens, capacity, search));
        }
        catch (InferenceException ex)
        {
            logger.LogWarning("A finished batch row could not be kept for the prompt cache: {Message}", ex.Message);
        }
    }

    public void Dispose() => cache.Dispose();

    private TokenDecoder NewDecoder(Sequence sequence) => new(model.Tokenizer, syntax, sequence.Prompt, sequence.Output.Write, sequence.Stop, sequence.Logprobs);

    /// <summary>The lane that continues a warm-up or a kept generator the prompt extends, rewound to what they share; null for none.</summary>
    private Lane? Continue(Sequence sequence, List<Lane> lanes)
    {
        var prompt = sequence.Prompt.TokenIds;
        if (WarmUpFor(sequence, lanes, better: cache.BestReuse(prompt, sequence.Plan)) is var (warm, warmReused))
        {
            if (warmReused < warm.Appended)
            {
                try
                {
                    warm.Generator.RewindTo(warmReused);
                }
                catch
                {
                    warm.Failed = true;
                    throw;
                }
            }
            warm.Appended = warmReused;
            warm.Adopt(sequence);
            sequence.CachedTokens = warmReused;
            return warm;
        }
        if (cache.Take(prompt, sequence.Plan, PromptImages.Of(sequence.Prompt)) is not { } hit)
            return null;
        if (hit.ReusedTokens < hit.Tokens.Length)
        {
            try
            {
                hit.Generator.RewindTo(hit.ReusedTokens);
            }
            catch
            {
                hit.Generator.Dispose();
                throw;
            }
        }
        sequence.CachedTokens = hit.ReusedTokens;
        var lane = Lane.Lone(hit.Generator, sequence, hit.ReusedTokens, hit.Capacity);
        lanes.Add(lane);
        return lane;
    }

    private Lane Fresh(Sequence sequence, List<Lane> lanes)
    {
        // A guided generation is never kept, so it needs no room for a next turn.
        var capacity = sequence.Plan.Guidance is null ? cache.CapacityFor(sequence.Plan.MaxLength) : sequence.Plan.MaxLength;
        var lane = Lane.Lone(model.CreateGenerator(sequence.Plan.Settings(1, capacity)), sequence, 0, capacity);
        lanes.Add(lane);
        return lane;
    }

    /// <summary>A warm-up whose tokens the prompt shares more of than <paramref name="better"/>, with how much of it to keep.</summary>
    private (Lane Lane, int Reused)? WarmUpFor(Sequence sequence, List<Lane> lanes, int better)
    {
        // A warm-up holds a batch row's text: a prompt with images cannot add them on top.
        if (!cache.Enabled || sequence.Plan.Guidance is not null || sequence.Plan.ExplicitSeed || sequence.Prompt.Images.Count > 0)
            return null;
        var search = SearchKey.Of(sequence.Plan);
        (Lane Lane, int Reused)? best = null;
        foreach (var lane in lanes)
        {
            if (!lane.WarmUp || lane.Search != search || lane.Capacity < sequence.Plan.MaxLength)
                continue;
            // Only what is prefilled so far counts; the rest of the prompt goes on top of it.
            var reused = PromptCache.Reuse(sequence.Prompt.TokenIds, lane.Target.AsSpan(0, lane.Appended).ToArray(), lastTokenRan: true);
            if (reused > better && reused > (best?.Reused ?? 0))
                best = (lane, reused);
        }
        return best;
    }

    private void PlaceBatch(List<Sequence> group, List<Lane> lanes)
    {
        // One buffer per row at the longest row's length: what each row reserved must cover it.
        var maxLength = group.Max(s => s.Plan.MaxLength);
        var rowBytes = cache.KvBytesFor(maxLength, maxLength);
        for (var i = group.Count - 1; i >= 0 && group.Count > 1; i--)
        {
            if (group[i].Reservation is { } reservation && !reservation.TryResize(rowBytes))
            {
                PlaceLone(group[i], lanes);
                group.RemoveAt(i);
            }
        }
        if (group.Count == 1)
        {
            PlaceLone(group[0], lanes);
            return;
        }
        var rows = group.ToArray();
        INativeGenerator generator;
        try
        {
            generator = model.CreateGenerator(rows[0].Plan.Settings(rows.Length, maxLength));
        }
        catch (InferenceException ex)
        {
            foreach (var row in rows)
                row.Fail(ex);
            return;
        }
        var lane = Lane.Batch(generator, rows, maxLength);
        lanes.Add(lane);
        foreach (var row in rows)
            row.Decoder = NewDecoder(row);
        Interlocked.Add(ref rowsBatched, rows.Length);
        logger.LogDebug("Batched {Rows} requests (max_length {MaxLength}).", rows.Length, maxLength);
    }
}
