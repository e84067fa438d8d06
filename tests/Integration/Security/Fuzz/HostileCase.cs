namespace Responses.Tests.Integration.Security.Fuzz;

/// <summary>One hostile request: what it tries, and whether a server may rightly serve it (valid, if odd).</summary>
/// <param name="Kind">The family ("wrong type", "invalid UTF-8"…), for the histogram.</param>
/// <param name="Detail">What exactly, for a failure message.</param>
/// <param name="Path">The URL path.</param>
/// <param name="Body">The body's bytes as sent.</param>
/// <param name="ContentType">The Content-Type header, or null for none.</param>
/// <param name="ContentEncoding">The Content-Encoding header, or null for none.</param>
/// <param name="MayBeServed">True when the request is valid JSON of the right shape (escaped control characters): a 200 is then right too.</param>
public sealed record HostileCase(
    string Kind, string Detail, string Path, byte[] Body, string? ContentType = "application/json", string? ContentEncoding = null, bool MayBeServed = false);
