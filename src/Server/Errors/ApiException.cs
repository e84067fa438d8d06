using System.Net;
using Responses.Generated;

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

    /// <summary>OpenAI's error envelope {"error":{"message","type","param","code"}} for this error.</summary>
    public ErrorResponse Envelope() => Envelope(Type, Message, Param, Code);

    /// <summary>The envelope of an error that is not (yet) an exception: an unknown path, a wrong method.</summary>
    public static ErrorResponse Envelope(string type, string message, string? param, string? code) =>
        new() { Error = new Error { Type = type, Message = message, Param = param, Code = code } };

    public static ApiException InvalidRequest(string message, string? param = null, string? code = null) =>
        new(HttpStatusCode.BadRequest, ErrorTypes.InvalidRequest, message, param, code);

    public static ApiException NotFound(string message, string? param = null, string? code = null) =>
        new(HttpStatusCode.NotFound, ErrorTypes.InvalidRequest, message, param, code);
}
