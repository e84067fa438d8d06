using System.Net;
using Microsoft.Net.Http.Headers;
using Responses.Server.Api;
using Responses.Server.Errors;
using Responses.Server.Observability;
using Responses.Server.Storage;

namespace Responses.Server.Host.Auth;

/// <summary>
/// With keys configured, every /v1 request (WebSocket upgrades included, as they are requests too) needs
/// "Authorization: Bearer KEY" with one of them, or gets 401 in OpenAI's envelope; the key's owner id then becomes
/// the request's <see cref="CallerIdentity"/>. Operations (/health, /ready, /metrics) and the spec (/openapi.*,
/// /docs) stay open: they show no one's data.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyRing keys, ErrorEnvelopeWriter writer)
{
    private const string BearerPrefix = "Bearer ";

    public static readonly PathString ApiPath = "/v1";

    public Task InvokeAsync(HttpContext context, CallerIdentity caller)
    {
        if (!keys.Enabled || !context.Request.Path.StartsWithSegments(ApiPath))
        {
            return next(context);
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || header.Length == BearerPrefix.Length)
        {
            return RefuseAsync(
                context,
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                code: null);
        }

        if (keys.Identify(header[BearerPrefix.Length..].Trim()) is not { } owner)
        {
            // The key is never echoed: a log or a proxy that keeps error bodies would keep it too.
            return RefuseAsync(context, "Incorrect API key provided. Use one of the keys this server was started with.", ErrorTypes.InvalidApiKey);
        }

        caller.Authenticated(owner);
        return next(context);
    }

    private Task RefuseAsync(HttpContext context, string message, string? code)
    {
        context.Features.Get<RequestTelemetry>()?.Refused(message);
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return writer.WriteAsync(
            context.Response,
            new ApiException(HttpStatusCode.Unauthorized, ErrorTypes.InvalidRequest, message, code: code),
            context.RequestAborted);
    }
}
