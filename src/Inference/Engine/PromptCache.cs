using Responses.Inference.Native;

namespace Responses.Inference.Engine;

/// <summary>
/// One model's kept generators, each with the tokens its KV cache holds, so a request whose prompt starts with those
/// tokens (an agent resending its history every turn) rewinds one and appends only what is new. Bounded by count and
/// by KV bytes, least recently used first. Only the engine's loop takes, keeps and frees generators: a taken entry
/// belongs to one lane until it is kept again.
/// </summary>
internal sealed class PromptCache(int maxEntries, long maxBytes, long kvBytesPerToken, bool sharesKvBuffer, int contextLength) : IDisposable
{
    /// <summary>Fewer shared tokens save less than a rewind and a cache miss elsewhere cost.</summary>
    internal const int MinReusedTokens = 32;

    /// <summary>The room a shared KV buffer keeps beyond its request for the next turn of the conversation.</summary>
    internal const int FollowUpTokens = 2048;

    // Only the loop changes the entries; the lock is for the readers of its state (logs, tests).
    private readonly Lock gate = new();
    private readonly LinkedList<Entry> entries = new(); // most recently used first
    private long heldBytes;
    private bool enabled = maxEntries > 0 && maxBytes > 0;

    public bool Enabled => enabled;

    public int Count
    {
        get
        {
            lock (gate)
                return entries.Count;
        }
    }

    /// <summary>The tokens each kept generator holds, most recently used first.</summary>
    public IReadOnlyList<int[]> HeldTokens()
    {
        lock (gate)
            return [.. entries.Select(e => e.Tokens)];
    }

    /// <summary>
    /// The max_length to create a generator with. A growing KV cache costs nothing for a larger max_length, so it
    /// gets the whole context and any later, longer request can reuse it (the loop enforces the request's own
    /// max_length). A shared buffer is allocated at max_length up front, so it gets the request's own length and room
    /// for a next turn (the answer and a new message): without that room, no follow-up would ever fit in it.
    /// </summary>
    public int CapacityFor(int maxLength) =>
        !enabled ? maxLength
        : !sharesKvBuffer ? contextLength
        : (int)Math.Min(contextLength, (long)maxLength + FollowUpTokens);

    /// <summary>The KV bytes a generator of <paramref name="capacity"/> rows' tokens holds at most (its buffer, when allocated up front).</summary>
    public long KvBytesFor(int capacity, int heldTokens) => kvBytesPerToken * (sharesKvBuffer ? capacity : heldTokens);

    /// <summary>
    /// The most tokens of a kept sequence a prompt can reuse: all it shares, but at least one prompt token must be
    /// appended for fresh logits; and when the sequence's last token was sampled but never run (a finished
    /// generation), its KV cache holds one fewer and ORT 0.18 only rewinds to strictly less than that.
    /// </summary>
    public static int ReusableLength(int promptTokens, int heldTokens, bool lastTokenRan) =>
        Math.Min(promptTokens - 1, lastTokenRan ? heldTokens : heldTokens - 2);

    /// <summary>Turns the cache off for good (a failed continuation), freeing what it holds.</summary>
    public void Disable()
    {
        enabled = false;
        Clear();
    }

    /// <summary>
    /// Removes and returns the entry sharing the longest useful prefix with the prompt, created with the same search
    /// settings and room for the request; null when there is none (guided and seeded requests never take one).
    /// </summary>
    /// <param name="images">The prompt's images; null for a prompt of text.</param>
    public PromptCacheHit? Take(int[] promptTokens, SearchPlan plan, PromptImages? images = null)
    {
        lock (gate)
        {
            var (best, reused) = Best(promptTokens, plan, images ?? PromptImages.None);
            if (best is null)
                return null;
            entries.Remove(best);
            heldBytes -= best.Value.Bytes;
            return new PromptCacheHit(best.Value.Generator, best.Value.Tokens, reused, best.Value.Capacity);
        }
    }

    /// <summary>The prompt tokens <see cref="Take"/> would reuse now (0: it would find nothing).</summary>
    public int BestReuse(int[] promptTokens, SearchPlan plan)
    {
        lock (gate)
            return Best(promptTokens, plan, PromptImages.None).Reused;
    }

    /// <summary>Whether a kept generator of these search settings already holds <paramref name="tokens"/> (and perhaps more).</summary>
    public bool Covers(int[] tokens, SearchKey search)
    {
        lock (gate)
            return entries.Any(entry => entry.Search == search && entry.Images.Digests.Length == 0 && entry.Tokens.AsSpan().StartsWith(tokens));
    }

    /// <summary>The useful prefix a prompt shares with <paramref name="tokens"/>, or 0 when it is too short to be worth a rewind.</summary>
    public static int Reuse(int[] promptTokens, int[] tokens, bool lastTokenRan)
    {
        var reused = Math.Min(promptTokens.AsSpan().CommonPrefixLength(tokens), ReusableLength(promptTokens.Length, tokens.Length, lastTokenRan));
        return reused >= MinReusedTokens ? reused : 0;
    }

    /// <summary>
    /// Keeps a generator whose KV cache holds <paramref name="tokens"/> (never a guided one: ORT resets its grammar on
    /// a rewind, and a completed grammar reports done), or disposes it when the cache is off or it does not fit.
    /// </summary>
    /// <param name="images">The images its prompt had; null for a prompt of text.</param>
    public void Keep(INativeGenerator generator, int[] tokens, bool lastTokenRan, SearchKey search, int capacity, PromptImages? images = null)
    {
        var entry = new Entry(generator, tokens, lastTokenRan, capacity, search, KvBytesFor(capacity, tokens.Length), images ?? PromptImages.None);
        if (!enabled || entry.Bytes > maxBytes)
        {
            generator.Dispose();
            return;
        }
        List<Entry> evicted = [];
        lock (gate)
        {
            entries.AddFirst(entry);
            heldBytes += entry.Bytes;
            while (entries.Count > maxEntries || heldBytes > maxBytes)
            {
                evicted.Add(entries.Last!.Value);
                heldBytes -= entries.Last.Value.Bytes;
                entries.RemoveLast();
            }
        }
        foreach (var old in evicted)
            old.Generator.Dispose();
    }

    /// <summary>Frees every kept generator (idle memory release keeps none of them from the next prompt, only from the OS).</summary>
    public void Clear()
    {
        List<Entry> all;
        lock (gate)
        {
            all = [.. entries];
            entries.Clear();
            heldBytes = 0;
        }
        foreach (var entry in all)
            entry.Generator.Dispose();
    }

    public void Dispose() => Clear();

    /// <remarks>
    /// An image's tokens are the same ids whatever the image, so an entry is a candidate only for a prompt with the same
    /// images (digests, in order), and for a prompt with images only if it holds them all: what is appended on top of
    /// a kept generator can only be text.
    /// </remarks>
    private (LinkedListNode<Entry>? Node, int Reused) Best(int[] promptTokens, SearchPlan plan, PromptImages images)
    {
        if (!enabled || plan.Guidance is not null || plan.ExplicitSeed)
            return (null, 0);
        var search = SearchKey.Of(plan);
        LinkedListNode<Entry>? best = null;
        var bestReused = 0;
        for (var node = entries.First; node is not null; node = node.Next)
        {
            var entry = node.Value;
            if (entry.Search != search || entry.Capacity < plan.MaxLength || !entry.Images.Digests.AsSpan().SequenceEqual(images.Digests))
                continue;
            var reused = Reuse(promptTokens, entry.Tokens, entry.LastTokenRan);
            if (reused < images.End)
                continue;
            if (reused > bestReused)
                (best, bestReused) = (node, reused);
        }
        return (best, bestReused);
    }

    private sealed record Entry(INativeGenerator Generator, int[] Tokens, bool LastTokenRan, int Capacity, SearchKey Search, long Bytes, PromptImages Images);
}

/// <summary>A prompt's images as the prompt cache tells them apart: their digests in order, and the ids that hold them.</summary>
/// <param name="Digests">Each image's SHA-256, in the prompt's order.</param>
/// <param name="End">The prompt's ids up to the last image's closing token.</param>
internal sealed record PromptImages(string[] Digests, int End)
{
    public static PromptImages None { get; } = new([], 0);

    public static PromptImages Of(RenderedPrompt prompt) =>
        prompt.Images.Count == 0 ? None : new([.. prompt.Images.Select(image => image.Digest)], prompt.ImagesEnd);
}

/// <summary>A generator taken from the cache: the first <paramref name="ReusedTokens"/> prompt tokens are already in its KV cache.</summary>
/// <param name="Tokens">The sequence it holds (what to rewind from).</param>
internal sealed record PromptCacheHit(INativeGenerator Generator, int[] Tokens, int ReusedTokens, int Capacity);
