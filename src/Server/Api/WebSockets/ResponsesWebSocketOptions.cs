using System.ComponentModel.DataAnnotations;

namespace Responses.Server.Api.WebSockets;

/// <summary>The WebSocket transport on /v1/responses. Bound from the "WebSocket" section.</summary>
public sealed class ResponsesWebSocketOptions
{
    public const string SectionName = "WebSocket";

    /// <summary>
    /// How long one connection may live: past it, the connection gets <c>websocket_connection_limit_reached</c> (after
    /// the response in flight, if any) and is closed. OpenAI's and the Open Responses spec's limit is 60 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ConnectionLimit { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>The largest client message, in bytes; Kestrel's default limit of an HTTP request body.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxMessageBytes { get; set; } = 30_000_000;

    /// <summary>Client messages read ahead of the one being answered (they wait their turn); more pause the reading.</summary>
    [Range(1, 1024)]
    public int QueuedMessages { get; set; } = 4;
}
