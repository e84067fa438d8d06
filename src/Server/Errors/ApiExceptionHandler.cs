using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Responses.Inference;
using Responses.Server.Observability;
using Responses.Server.Store;

namespace Responses.Server.Errors;

/// <summary>
/// Turns every exception that escapes a request into OpenAI's envelope: client mistakes keep their 4xx, and only a
/// genuine fault of ours becomes a 500 (logged with its stack, shown to the client without internals).
/// </summary>
public sealed class ApiExceptionHandler(ErrorEnvelopeWriter writer, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // Only requests whose response has not started get here (the middleware rethrows the others); a stream that
        // breaks after its 200 ends with response.failed, written by the SSE sink itself.
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

    public static ApiException Map(Exception exception) => exception switch
    {
        ApiException api => api,
        ContextLengthExceededException context => ApiException.InvalidRequest(context.Message, "input", ErrorTypes.ContextLengthExceeded),
        ChatTemplateException template => ApiException.InvalidRequest(template.Message, "input", ErrorTypes.InvalidPrompt),
        OutputConstraintException constraint => ApiException.InvalidRequest(
            constraint.Message, constraint.FromToolParameters ? "tools" : "text.format.schema", ErrorTypes.InvalidValue),
        // Kestrel's own cut at the body limit (on the bytes as sent) says the same as ours.
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } bad => new ApiException(
            HttpStatusCode.RequestEntityTooLarge, ErrorTypes.InvalidRequest, bad.Message, code: ErrorTypes.RequestTooLarge),
        BadHttpRequestException bad => new ApiException((HttpStatusCode)bad.StatusCode, ErrorTypes.InvalidRequest, bad.Message),
        SchedulerFullException full => new ApiException(HttpStatusCode.TooManyRequests, ErrorTypes.Requests, full.Message, code: ErrorTypes.RateLimitExceeded)
        {
            RetryAfter = full.RetryAfter,
        },
        SchedulerStoppedException stopped => new ApiException(HttpStatusCode.ServiceUnavailable, ErrorTypes.Server, stopped.Message, code: ErrorTypes.ServerShuttingDown),
        // The backend's own words may name hosts or files: they go to the log (a 5xx is logged with its exception), not the client.
        StoreUnavailableException => new ApiException(
            HttpStatusCode.ServiceUnavailable,
            ErrorTypes.Server,
            "The response store is unavailable, so the response could not be stored or read. Retry later, or send \"store\": false to generate without storing.",
            code: ErrorTypes.StoreUnavailable),
        // The engine's own words name what ran out or what was out of range; they say nothing about the host.
        InferenceException { Kind: InferenceFailureKind.Capacity } capacity => new ApiException(
            HttpStatusCode.ServiceUnavailable,
            ErrorTypes.Server,
            $"The model ran out of memory for this request ({capacity.Message}). Retry later, or with a shorter input or max_output_tokens.",
            code: ErrorTypes.ServerOverloaded) { RetryAfter = TimeSpan.FromSeconds(5) },
        InferenceException { Kind: InferenceFailureKind.InvalidInput } invalid => ApiException.InvalidRequest(
            $"The model could not take this input: {invalid.Message}", "input", ErrorTypes.InvalidValue),
        ReaderStalledException stalled => new ApiException(HttpStatusCode.RequestTimeout, ErrorTypes.InvalidRequest, stalled.Message, code: ErrorTypes.StreamNotRead),
        OperationCanceledException => new ApiException((HttpStatusCode)499, ErrorTypes.InvalidRequest, "The request was cancelled."),
        _ => new ApiException(HttpStatusCode.InternalServerError, ErrorTypes.Server, "The server had an error while processing your request.", code: ErrorTypes.Server),
    };
}
