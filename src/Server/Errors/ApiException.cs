using System.Net;

namespace Responses.Server.Errors;

/// <summary>
/// The one exception family of the server: everything a client did wrong (or we could not do) that becomes
/// OpenAI's error envelope with this status, type, param and code.
/// </summary>
public sealed class ApiException(HttpStatusCode status, string type, string message, string? param = null, string? code = null)
    : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string Type { get; } = type;

    public string? Param { get; } = param;

    public string? Code { get; } = code;

    /// <summary>When set, sent as the Retry-After header (whole seconds).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static ApiException InvalidRequest(string message, string? param = null, string? code = null) =>
        new(HttpStatusCode.BadRequest, ErrorTypes.InvalidRequest, message, param, code);

    public static ApiException NotFound(string message, string? param = null, string? code = null) =>
        new(HttpStatusCode.NotFound, ErrorTypes.InvalidRequest, message, param, code);
}
