namespace Responses.Inference;

/// <summary>The model's chat template rejected the conversation (e.g. roles that do not alternate) or failed to render.</summary>
public sealed class ChatTemplateException(string message, Exception? inner = null) : Exception(message, inner);
