using System.Net;
using Responses.Server.Api;
using Responses.Server.Api.WebSockets;
using Responses.Server.Errors;
using Responses.Server.Host.Auth;
using Responses.Server.Host.Limits;
using Responses.Server.Observability;

namespace Responses.Server.Host;

/// <summary>
/// The HTTP pipeline: errors in OpenAI's envelope for every path, API keys on /v1, body limits and decompression,
/// then the generated API's controllers.
/// </summary>
public static class ResponsesApiEndpointExtensions
{
    public static WebApplication MapResponsesApi(this WebApplication app)
    {
        app.UseOperations();
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            // Unknown paths, wrong methods and wrong media types answer in the same envelope as everything else.
            var http = context.HttpContext;
            var status = (HttpStatusCode)http.Response.StatusCode;
            var (message, code) = status switch
            {
                HttpStatusCode.NotFound => ($"Invalid URL ({http.Request.Method} {http.Request.Path}).", ErrorTypes.NotFound),
                HttpStatusCode.MethodNotAllowed => ($"Method {http.Request.Method} is not allowed on {http.Request.Path}.", ErrorTypes.MethodNotAllowed),
                HttpStatusCode.UnsupportedMediaType => (
                    $"Unsupported Content-Type '{http.Request.ContentType}'. Send the body as application/json.",
                    ErrorTypes.UnsupportedMediaType),
                _ => ($"The request failed with status {(int)status}.", (string?)null),
            };
            var writer = http.RequestServices.GetRequiredService<ErrorEnvelopeWriter>();
            await writer.WriteAsync(http.Response, status, ApiException.Envelope(ErrorTypes.InvalidRequest, message, null, code), http.RequestAborted);
        });
        // Every /v1 request, WebSocket upgrades included, is authenticated before its body is read.
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRequestLimits();
        app.MapResponsesWebSocket();
        app.MapControllers();
        app.MapSpec();
        return app;
    }
}
