using Microsoft.Extensions.Options;

namespace Responses.Server.Storage.Memory;

/// <summary>
/// Responses in process memory, lost on restart: bounded by count and by bytes, least recently used out first (a
/// find counts as a use, so a chain being continued stays). A response deleted or evicted while a kept one
/// continues it stays as a tombstone (its items, without the Response, never found) and goes with the last
/// response that continues it; the byte bound counts tombstones too, since they are kept. One lock guards the map
/// and the recency list together: every operation is a few pointer moves per response it touches, far cheaper than
/// the generation around it.
/// </summary>
public sealed class MemoryResponseStore(IOptions<MemoryResponseStoreOptions> options) : IResponseStore
{
    private readonly MemoryResponseStoreOptions limits = options.Value;
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>The live responses, most recently used first; tombstones are not in it.</summary>
    private readonly LinkedList<Entry> recency = new();
    private readonly Lock gate = new();
    private long bytes;

    public bool IsAvailable => true;

    /// <summary>How many responses are kept now (tombstones are not responses any more).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return recency.Count;
            }
        }
    }

    /// <summary>What is kept, tombstones included, in <see cref="StoredResponse.SizeBytes"/>: what MaxBytes bounds.</summary>
    internal long Bytes
    {
        get
        {
            lock (gate)
            {
                return bytes;
            }
        }
    }

    /// <summary>Responses and tombstones kept.</summary>
    internal int Entries
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public Task<bool> SaveAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Entry? parent = null;
            if (response.ParentId is { } parentId
                && (parentId == response.Id || !entries.TryGetValue(parentId, out parent) || parent.Response.Owner != response.Owner))
            {
                return Task.FromResult(false);
            }

            if (entries.TryGetValue(response.Id, out var entry))
            {
                if (!Replace(entry, response, parent))
                {
                    return Task.FromResult(false);
                }
            }
            else
            {
                entry = new Entry(response);
                entries[response.Id] = entry;
                bytes += response.SizeBytes;
                if (parent is not null)
                {
                    parent.Children++;
                }
            }

            Use(entry);
            // The newest entry stays even when it alone exceeds MaxBytes: it was just acknowledged to its client.
            while (recency.Count > 1 && (recency.Count > limits.MaxResponses || bytes > limits.MaxBytes))
            {
                Drop(recency.Last!.Value);
            }
        }

        return Task.FromResult(true);
    }

    public Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(Live(id) is { } entry ? Use(entry).Response : null);
        }
    }

    public Task<StoredChain?> FindChainAsync(string id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (Live(id) is not { } entry)
            {
                return Task.FromResult<StoredChain?>(null);
            }

            Use(entry);
            var earlier = new List<StoredItems>();
            for (var at = entry; at.Response.ParentId is { } parentId && entries.TryGetValue(parentId, out var parent); at = parent)
            {
                earlier.Add(new StoredItems(parent.Response.InputItemsJson, parent.Response.OutputItemsJson));
            }

            earlier.Reverse();
            return Task.FromResult<StoredChain?>(new StoredChain(entry.Response, earlier));
        }
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (Live(id) is not { } entry)
            {
                return Task.FromResult(false);
            }

            Drop(entry);
            return Task.FromResult(true);
        }
    }

    private Entry? Live(string id) => entries.TryGetValue(id, out var entry) && entry.Recent is not null ? entry : null;

    private Entry Use(Entry entry)
    {
        if (entry.Recent is { } node)
        {
            recency.Remove(node);
            recency.AddFirst(node);
        }
        else
        {
            entry.Recent = recency.AddFirst(entry);
        }

        return entry;
    }

    /// <summary>A save of an id already kept (a background response, queued then finished; a tombstone saved again).</summary>
    private bool Replace(Entry entry, StoredResponse response, Entry? parent)
    {
        var previousParent = entry.Response.ParentId;
        if (previousParent != response.ParentId)
        {
            // Moving a response others continue could make a cycle of parents; no caller moves one, so refuse.
            if (entry.Children > 0)
            {
                return false;
            }

            // Attached first: the old parent's tombstones, let go of below, may lead up to the new parent.
            if (parent is not null)
            {
                parent.Children++;
            }

            if (previousParent is not null && entries.TryGetValue(previousParent, out var old))
            {
                Release(old);
            }
        }

        bytes += response.SizeBytes - entry.Response.SizeBytes;
        entry.Response = response;
        return true;
    }

    /// <summary>A response deleted or evicted: a tombstone while others continue it, otherwise gone.</summary>
    private void Drop(Entry entry)
    {
        recency.Remove(entry.Recent!);
        entry.Recent = null;
        if (entry.Children > 0)
        {
            var tombstone = entry.Response with { ResponseJson = ReadOnlyMemory<byte>.Empty };
            bytes += tombstone.SizeBytes - entry.Response.SizeBytes;
            entry.Response = tombstone;
        }
        else
        {
            Remove(entry);
        }
    }

    /// <summary>Removes an entry no one continues, then each tombstone above it that nothing else keeps.</summary>
    private void Remove(Entry entry)
    {
        // A loop rather than recursion: a chain may be thousands of tombstones long.
        for (var at = entry; ;)
        {
            entries.Remove(at.Response.Id);
            bytes -= at.Response.SizeBytes;
            if (at.Response.ParentId is not { } parentId || !entries.TryGetValue(parentId, out var parent)
                || --parent.Children > 0 || parent.Recent is not null)
            {
                return;
            }

            at = parent;
        }
    }

    /// <summary>One fewer entry continues this one; a tombstone that none continues any more goes.</summary>
    private void Release(Entry entry)
    {
        if (--entry.Children == 0 && entry.Recent is null)
        {
            Remove(entry);
        }
    }

    /// <summary>A kept response or tombstone.</summary>
    private sealed class Entry(StoredResponse response)
    {
        /// <summary>What is kept: the saved response, or, once a tombstone, the same without its Response JSON.</summary>
        public StoredResponse Response { get; set; } = response;

        /// <summary>Its place in the recency list; null for a tombstone.</summary>
        public LinkedListNode<Entry>? Recent { get; set; }

        /// <summary>Kept entries (responses or tombstones) whose parent it is.</summary>
        public int Children { get; set; }
    }
}

/// <summary>Bounds of the in-memory store: whichever is reached first evicts the least recently used responses.</summary>
public sealed record MemoryResponseStoreOptions
{
    public int MaxResponses { get; init; } = 10_000;

    /// <summary>Total <see cref="StoredResponse.SizeBytes"/> kept, tombstones included; 256 MiB by default.</summary>
    public long MaxBytes { get; init; } = 256L * 1024 * 1024;
}
