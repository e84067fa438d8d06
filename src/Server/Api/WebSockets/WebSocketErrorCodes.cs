namespace Responses.Server.Api.WebSockets;

/// <summary>error.code values of the WebSocket transport's own failures.</summary>
public static class WebSocketErrorCodes
{
    /// <summary>The Open Responses spec's code for a connection past its age limit.</summary>
    public const string ConnectionLimitReached = "websocket_connection_limit_reached";

    /// <summary>A frame that is not a text message of JSON (a binary frame, say).</summary>
    public const string InvalidMessage = "invalid_websocket_message";

    /// <summary>A message larger than <see cref="ResponsesWebSocketOptions.MaxMessageBytes"/>.</summary>
    public const string MessageTooLarge = "websocket_message_too_large";
}
