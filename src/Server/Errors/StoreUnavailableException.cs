namespace Responses.Server.Errors;

/// <summary>The response store cannot be reached or written: the API answers 503 in OpenAI's envelope.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
