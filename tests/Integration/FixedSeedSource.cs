using Responses.Inference.Engine;

namespace Responses.Tests.Integration;

/// <summary>Sampling seeds that are the same on every run, so a sampled (temperature > 0) reply is reproducible.</summary>
public sealed class FixedSeedSource(ulong first) : ISeedSource
{
    private long next = (long)first;

    public ulong NextSeed() => (ulong)Interlocked.Increment(ref next);
}
