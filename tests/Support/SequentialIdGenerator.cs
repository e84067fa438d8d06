using Responses.Server.Ids;

namespace Responses.Tests.Support;

/// <summary>Ids that are the same on every run: the prefix and a counter, shaped like OpenAI's.</summary>
public sealed class SequentialIdGenerator : IIdGenerator
{
    private int next;

    public string NewId(string prefix) => $"{prefix}_{Interlocked.Increment(ref next):x48}";
}
