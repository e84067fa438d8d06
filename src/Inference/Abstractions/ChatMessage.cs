namespace Responses.Inference;

/// <summary>One turn of the conversation as the chat template sees it.</summary>
/// <param name="Role">"system", "user" or "assistant" (later "tool"); the template decides how each is rendered.</param>
public sealed record ChatMessage(string Role, string Content);
