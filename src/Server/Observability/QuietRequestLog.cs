namespace Responses.Server.Observability;

/// <summary>
/// Endpoint metadata: requests to it are logged at Debug, not Information. Probes and scrapes come every few
/// seconds and would bury the API's own lines.
/// </summary>
internal sealed class QuietRequestLog;
