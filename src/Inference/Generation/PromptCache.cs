using Microsoft.ML.OnnxRuntimeGenAI;

namespace Responses.Inference.Generation;

/// <summary>
/// One model's finished generators, kept with the tokens their KV cache holds, so a request whose prompt starts
/// with those tokens (an agent resending its history every turn) rewinds one and appends only what is new. Bounded
/// by count and by KV bytes, least recently used first. A taken entry belongs to one generation until it is kept
/// again; everything here runs under the model's native-use read lock, and <see cref="Dispose"/> under its write
/// lock, so no generator is freed while one is in use.
/// </summary>
internal sealed class PromptCache : IDisposable
{
    /// <summary>Fewer shared tokens save less than a rewind and a cache miss elsewhere cost.</summary>
    internal const int MinReusedTokens = 32;

    private readonly Lock gate = new();
    private readonly LinkedList<Entry> entries = new(); // most recently used first
    private readonly int maxEntries;
    private readonly long maxBytes;
    private readonly long kvBytesPerToken;
    private readonly bool sharesKvBuffer;
    private readonly int contextLength;
    private long heldBytes;
    private volatile bool enabled;
    private bool disposed;

    public PromptCache(int maxEntries, long maxBytes, long kvBytesPerToken, bool sharesKvBuffer, int contextLength)
    {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.kvBytesPerToken = kvBytesPerToken;
        this.sharesKvBuffer = sharesKvBuffer;
        this.contextLength = contextLength;
        enabled = maxEntries > 0 && maxBytes > 0;
    }

    public bool Enabled => enabled;

    public int Count
    {
        get
        {
            lock (gate)
                return entries.Count;
        }
    }

    /// <summary>
    /// The most tokens a finished generator holding <paramref name="heldTokens"/> can keep for a prompt of
    /// <paramref name="promptTokens"/>. Its last token was sampled but never run, so the KV cache holds one fewer;
    /// ORT 0.18 refuses a rewind to the KV cache's own length (it rewinds strictly shorter), which costs one more;
    /// and at least one prompt token must be appended for the model to compute fresh logits.
    /// </summary>
    public static int ReusableLength(int promptTokens, int heldTokens) => Math.Min(promptTokens - 1, heldTokens - 2);

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
    public int CapacityFor(SearchPlan plan) => CapacityFor(plan.MaxLength);

    /// <inheritdoc cref="CapacityFor(SearchPlan)"/>
    public int CapacityFor(int maxLength) =>
        !enabled ? maxLength
        : !sharesKvBuffer ? contextLength
        : (int)Math.Min(contextLength, (long)maxLength + FollowUpTokens);

    /// <summary>The KV bytes a generation of <paramref name="maxLength"/> tokens may hold: its buffer when it is allocated up front.</summary>
    public long KvBytesFor(int maxLength) => kvBytesPerToken * (sharesKvBuffer ? CapacityFor(maxLength) : maxLength);

    /// <summary>The room a shared KV buffer keeps beyond its request for the next turn of the conversation.</summary>
    internal const int FollowUpTokens = 2048;

    /// <summary>Turns the cache off for good (a failed probe or rewind), freeing what it holds.</summary>
    public void Disable()
    {
        enabled = false;
        DisposeAll(Drain());
    }

    /// <summary>
    /// Removes and returns the entry sharing the longest useful prefix with the prompt, created with the same
    /// search settings and room for the request; null when there is none (a guided request never takes one).
    /// </summary>
    public PromptCacheHit? Take(int[] promptTokens, SearchPlan plan)
    {
        if (!enabled || plan.Guidance is not null || plan.ExplicitSeed)
            return null;
        lock (gate)
        {
            var (best, bestReused) = Best(promptTokens, plan);
            if (best is null)
                return null;
            entries.Remove(best);
            heldBytes -= best.Value.Bytes;
            return new PromptCacheHit(best.Value.Generator, bestReused, best.Value.Capacity);
        }
    }

    /// <summary>Whether <see cref="Take"/> would find an entry now (a batch cannot continue a cached generator).</summary>
    public bool Holds(int[] promptTokens, SearchPlan plan)
    {
        if (!enabled || plan.Guidance is not null || plan.ExplicitSeed)
            return false;
        lock (gate)
            return Best(promptTokens, plan).Node is not null;
    }

    private (LinkedListNode<Entry>? Node, int Reused) Best(int[] promptTokens, SearchPlan plan)
    {
        var search = SearchKey.Of(plan);
        LinkedListNode<Entry>? best = null;
        var bestReused = 0;
        for (var node = entries.First; node is not null; node = node.Next)
        {
            var entry = node.Value;
            if (entry.Search != search || entry.Capacity < plan.MaxLength)
                continue;
            var reused = Math.Min(promptTokens.AsSpan().CommonPrefixLength(entry.Tokens), ReusableLength(promptTokens.Length, entry.Tokens.Length));
            if (reused >= MinReusedTokens && reused > bestReused)
                (best, bestReused) = (node, reused);
        }
        return (best, bestReused);
    }

    /// <summary>
    /// Keeps a generator that ended normally (never a guided one: ORT resets its grammar on a rewind, and a
    /// completed grammar reports done), or disposes it when the cache is off or it does not fit.
    /// </summary>
    public void Keep(Generator generator, SearchPlan plan, int capacity)
    {
        if (!enabled || plan.Guidance is not null)
        {
            generator.Dispose();
            return;
        }
        var tokens = generator.GetSequence(0).ToArray();
        var entry = new Entry(generator, tokens, capacity, SearchKey.Of(plan), kvBytesPerToken * (sharesKvBuffer ? capacity : tokens.Length));
        List<Entry> evicted = [];
        lock (gate)
        {
            if (disposed || entry.Bytes > maxBytes)
            {
                evicted.Add(entry);
            }
            else
            {
                entries.AddFirst(entry);
                heldBytes += entry.Bytes;
                while (entries.Count > maxEntries || heldBytes > maxBytes)
                {
                    var last = entries.Last!.Value;
                    entries.RemoveLast();
                    heldBytes -= last.Bytes;
                    evicted.Add(last);
                }
            }
        }
        DisposeAll(evicted); // outside the lock: freeing a KV cache is not free
    }

    public void Dispose()
    {
        List<Entry> all;
        lock (gate)
        {
            disposed = true;
            all = [.. entries];
            entries.Clear();
            heldBytes = 0;
        }
        DisposeAll(all);
    }

    private List<Entry> Drain()
    {
        lock (gate)
        {
            List<Entry> all = [.. entries];
            entries.Clear();
            heldBytes = 0;
            return all;
        }
    }

    private static void DisposeAll(List<Entry> dropped)
    {
        foreach (var entry in dropped)
            entry.Generator.Dispose();
    }

    private sealed record Entry(Generator Generator, int[] Tokens, int Capacity, SearchKey Search, long Bytes);
}

/// <summary>A generator taken from the cache: the first <paramref name="ReusedTokens"/> prompt tokens are already in its KV cache.</summary>
internal sealed record PromptCacheHit(Generator Generator, int ReusedTokens, int Capacity);

/// <summary>
/// The search options a generator was created with and cannot change. The random seed is not among them: the 0.18
/// C# API cannot reseed a generator, so a sampled request that reuses one continues its random stream. The API draws
/// a random seed for every request anyway; only greedy output is promised to be the same with and without the cache.
/// </summary>
internal readonly record struct SearchKey(bool DoSample, double Temperature, double TopP, int TopK)
{
    public static SearchKey Of(SearchPlan plan) => new(plan.DoSample, plan.Temperature, plan.TopP, plan.TopK);
}
