namespace Responses.Inference.Engine;

/// <summary>Fast, non-cryptographic seeds; sampling needs variety, not secrecy.</summary>
public sealed class RandomSeedSource : ISeedSource
{
    private readonly Random random = new();
    private readonly Lock gate = new();

    public ulong NextSeed()
    {
        // Random is not thread-safe; the lock costs nanoseconds next to a generation.
        lock (gate)
            return (ulong)random.NextInt64(long.MaxValue);
    }
}
