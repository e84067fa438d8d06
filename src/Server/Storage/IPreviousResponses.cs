namespace Responses.Server.Storage;

/// <summary>
/// Responses a caller holds outside the store, looked up before it: a WebSocket connection's most recent response,
/// which a <c>store: false</c> chain continues on the same socket.
/// </summary>
public interface IPreviousResponses
{
    /// <summary>The response in the store's form, or null when this caller does not hold it.</summary>
    StoredResponse? Find(string responseId);
}
