namespace Responses.Conformance.Checks;

/// <summary>Thrown by a check that found the server wrong; the message is the FAIL line's reason.</summary>
public sealed class CheckFailedException(string reason) : Exception(reason);
