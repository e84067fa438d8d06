namespace Responses.Inference;

/// <summary>What the server hands to the chat template: the messages and, for later issues, the tools as JSON.</summary>
public sealed record ChatPrompt(IReadOnlyList<ChatMessage> Messages, string? ToolsJson = null);
