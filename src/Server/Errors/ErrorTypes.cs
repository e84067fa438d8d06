namespace Responses.Server.Errors;

/// <summary>OpenAI's values for error.type and error.code that this server uses.</summary>
public static class ErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Server = "server_error";

    /// <summary>OpenAI's error.type for a request-rate 429.</summary>
    public const string Requests = "requests";

    public const string ModelNotFound = "model_not_found";
    public const string PreviousResponseNotFound = "previous_response_not_found";
    public const string ContextLengthExceeded = "context_length_exceeded";
    public const string InvalidPrompt = "invalid_prompt";
    public const string InvalidJson = "invalid_json";
    public const string InvalidType = "invalid_type";
    public const string MissingRequiredParameter = "missing_required_parameter";
    public const string InvalidValue = "invalid_value";

    /// <summary>A compaction item's encrypted_content this server cannot read (OpenAI's code for unreadable encrypted content).</summary>
    public const string InvalidEncryptedContent = "invalid_encrypted_content";

    /// <summary>A parameter this server accepts only at its default (OpenAI's code for the same refusal).</summary>
    public const string UnsupportedValue = "unsupported_value";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string RateLimitExceeded = "rate_limit_exceeded";
    public const string ServerShuttingDown = "server_shutting_down";
    public const string StreamNotRead = "stream_not_read";
    public const string InvalidApiKey = "invalid_api_key";

    /// <summary>A request body beyond Limits:MaxRequestBodyBytes (413), compressed or not.</summary>
    public const string RequestTooLarge = "request_too_large";

    /// <summary>A Content-Encoding other than gzip, br, zstd or identity (415).</summary>
    public const string UnsupportedEncoding = "unsupported_content_encoding";

    /// <summary>More input items, tools or nesting than the server's limits allow (400, the limit named).</summary>
    public const string LimitExceeded = "limit_exceeded";

    /// <summary>The model ran out of memory for this request (503, Retry-After): the machine is at its limit, the request may succeed later.</summary>
    public const string ServerOverloaded = "server_overloaded";

    /// <summary>The response store cannot be reached (503); not one of OpenAI's codes, as OpenAI's store is never ours to lose.</summary>
    public const string StoreUnavailable = "store_unavailable";
}
