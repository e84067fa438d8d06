namespace Responses.Server.Storage.Memory;

/// <summary>Bounds of the in-memory store: whichever is reached first evicts the least recently used responses.</summary>
public sealed record MemoryResponseStoreOptions
{
    public int MaxResponses { get; init; } = 10_000;

    /// <summary>Total <see cref="StoredResponse.SizeBytes"/> kept; 256 MiB by default.</summary>
    public long MaxBytes { get; init; } = 256L * 1024 * 1024;
}
