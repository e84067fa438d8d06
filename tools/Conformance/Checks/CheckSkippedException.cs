namespace Responses.Conformance.Checks;

/// <summary>Thrown by a check whose feature the server does not offer (it said so when probed).</summary>
public sealed class CheckSkippedException(string reason) : Exception(reason);
