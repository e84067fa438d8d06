using Responses.Server.Storage;

namespace Responses.Server.Api.WebSockets;

/// <summary>
/// The connection-local state of a WebSocket: its most recent finished response, held in memory whether or not it
/// was stored, so a <c>store: false</c> chain continues on the same socket (and a stored one without a store
/// round trip). One connection runs one response at a time, so there is never more than one writer.
/// </summary>
public sealed class ConnectionResponses : IPreviousResponses
{
    private HeldResponse? latest;

    public HeldResponse? Find(string responseId) => latest?.Response.Id == responseId ? latest : null;

    /// <param name="response">Self-contained: its input items hold its whole chain.</param>
    /// <param name="stored">Whether it was stored as well.</param>
    public void Remember(StoredResponse response, bool stored) => latest = new HeldResponse(response, stored);

    /// <summary>A continuation of this response failed: the spec has the connection forget it.</summary>
    public void Evict(string responseId)
    {
        if (latest?.Response.Id == responseId)
        {
            latest = null;
        }
    }
}
