using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Observability;

namespace Responses.Server.Api;

/// <summary>
/// Turns every exception that escapes a request into OpenAI's envelope: client mistakes keep their 4xx, and only a
/// genuine fault of ours becomes a 500 (logged with its stack, shown to the client without internals).
/// </summary>
public sealed class ApiExceptionHandler(ErrorEnvelopeWriter writer, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // Only requests whose response has not started get here (the middleware rethrows the others); a run that
        // breaks after its 200 ends with its API's terminal event, which the run executor writes in its place.
        var error = Map(exception);
        if (error.Status >= HttpStatusCode.InternalServerError)
        {
            logger.LogError(exception, "Request {Method} {Path} failed", httpContext.Request.Method, httpContext.Request.Path);
        }

        // The request's one log line (RequestTelemetryMiddleware) says why it was refused.
        httpContext.Features.Get<RequestTelemetry>()?.Refused(error.Message);

        await writer.WriteAsync(httpContext.Response, error, cancellationToken);
        return true;
    }

    /// <summary>What only the HTTP layer can fail with, then <see cref="ApiErrors.From"/> for everything else.</summary>
    public static ApiException Map(Exception exception) => exception switch
    {
        // Kestrel's own cut at the body limit (on the bytes as sent) says the same as ours.
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } bad => new ApiException(
            HttpStatusCode.RequestEntityTooLarge, ErrorTypes.InvalidRequest, bad.Message, code: ErrorTypes.RequestTooLarge),
        BadHttpRequestException bad => new ApiException((HttpStatusCode)bad.StatusCode, ErrorTypes.InvalidRequest, bad.Message),
        _ => ApiErrors.From(exception),
    };
}
