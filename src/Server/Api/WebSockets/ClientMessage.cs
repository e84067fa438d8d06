using Responses.Server.Errors;

namespace Responses.Server.Api.WebSockets;

/// <summary>One client message as read off the socket: its text, or why it was refused before anyone read it.</summary>
public readonly record struct ClientMessage(ReadOnlyMemory<byte> Text, ApiException? Refusal = null);
