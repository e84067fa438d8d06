namespace Responses.Inference;

/// <summary>The reader of a generation stopped reading for longer than allowed; the generation was stopped.</summary>
public sealed class ReaderStalledException(TimeSpan timeout)
    : Exception($"The client stopped reading the response for more than {timeout.TotalSeconds:0.#} s; generation was stopped.")
{
    public TimeSpan Timeout { get; } = timeout;
}
