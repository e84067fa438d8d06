using System.Net;
using Responses.Inference;

namespace Responses.Server.Errors;

/// <summary>
/// The one mapping from what went wrong to what the client is told (OpenAI's envelope, status and words), for
/// failures before a response starts and inside one alike. Client mistakes keep their 4xx; only a genuine fault of
/// ours is a 500, and its internals stay in the log. Pure: the HTTP layer adds what only it can fail with.
/// </summary>
public static class ApiErrors
{
    public static ApiException From(Exception exception) => exception switch
    {
        ApiException api => api,
        ContextLengthExceededException context => ApiException.InvalidRequest(context.Message, "input", ErrorTypes.ContextLengthExceeded),
        ChatTemplateException template => ApiException.InvalidRequest(template.Message, "input", ErrorTypes.InvalidPrompt),
        OutputConstraintException constraint => ApiException.InvalidRequest(
            constraint.Message, constraint.FromToolParameters ? "tools" : "text.format.schema", ErrorTypes.InvalidValue),
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
