using System.Net;

namespace Responses.Server.Errors;

/// <summary>
/// A failed Response's error.code is an enum in the spec (ResponseErrorCode), narrower than the envelope's free
/// codes: this maps an API error onto it.
/// </summary>
public static class ResponseErrorCodes
{
    public static string For(ApiException error) => error switch
    {
        { Status: HttpStatusCode.TooManyRequests } => ErrorTypes.RateLimitExceeded,
        { Code: ErrorTypes.InvalidPrompt } => ErrorTypes.InvalidPrompt,
        _ => ErrorTypes.Server,
    };
}
