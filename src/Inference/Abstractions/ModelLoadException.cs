namespace Responses.Inference;

/// <summary>A model folder could not be loaded; the message says which file or setting is wrong.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
