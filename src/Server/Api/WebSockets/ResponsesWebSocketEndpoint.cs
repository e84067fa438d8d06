using System.Text.Json;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Options;

namespace Responses.Server.Api.WebSockets;

/// <summary>
/// GET /v1/responses with a WebSocket upgrade: the Open Responses spec's WebSocket transport on the same resource
/// as POST. An endpoint rather than a middleware, so everything in front of the API (the request log, and
/// authentication) sees the upgrade request as it sees a POST; a plain GET stays a 405.
/// </summary>
public static class ResponsesWebSocketEndpoint
{
    public const string Path = "/v1/responses";

    public static WebApplication MapResponsesWebSocket(this WebApplication app)
    {
        app.UseWebSockets();
        app.MapGet(Path, HandleAsync);
        return app;
    }

    /// <remarks>
    /// Every turn runs on the upgrade request's services (its DI scope and whatever identity it carries), which
    /// live as long as the connection. Codex's <c>OpenAI-Beta: responses_websockets=2026-02-06</c> needs nothing:
    /// any upgrade is accepted, with or without it.
    /// </remarks>
    private static async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            // The status-code page writes the 405 in OpenAI's envelope, as for any other wrong method.
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "POST";
            return;
        }

        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<ResponsesWebSocketOptions>>().Value;
        // Started before the handshake completes, so the connection's age counts from the moment the client has it.
        using var limit = new CancellationTokenSource(options.ConnectionLimit, services.GetRequiredService<TimeProvider>());
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new ResponsesWebSocketSession(
            socket,
            services.GetRequiredService<WebSocketTurns>(),
            options,
            services.GetRequiredService<JsonSerializerOptions>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<ResponsesWebSocketSession>(),
            () => SocketSendQueue.Unsent(context.Features.Get<IConnectionSocketFeature>()?.Socket));
        await session.RunAsync(limit.Token, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping, context.RequestAborted);
    }
}
