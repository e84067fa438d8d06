namespace Responses.Server.Store;

// PLACEHOLDER: only what the PostgreSQL store reads. The store-options helper's StoreOptions (these two plus the
// backend choice, --store, paths and byte bounds) replaces this file when the branches merge.

/// <summary>Bounds of the response store.</summary>
public sealed class StoreOptions
{
    /// <summary>The most responses kept; the oldest beyond it are evicted.</summary>
    public int MaxResponses { get; set; } = 100_000;

    /// <summary>Responses older than this many days are evicted (and no longer found).</summary>
    public int MaxAgeDays { get; set; } = 30;
}
