namespace Responses.Conformance.Checks;

/// <summary>A named check: passes by returning, fails or skips by throwing.</summary>
public sealed record ConformanceCheck(string Name, Func<CheckContext, CancellationToken, Task> RunAsync);
