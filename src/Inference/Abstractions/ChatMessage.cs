namespace Responses.Inference;

/// <summary>One turn of the conversation as the chat template sees it.</summary>
/// <param name="Role">"system", "user", "assistant" or "tool"; the template decides how each is rendered.</param>
/// <param name="Content">The turn's text (may be empty for an assistant turn that only calls tools).</param>
public sealed record ChatMessage(string Role, string Content)
{
    /// <summary>An assistant turn's tool calls, in order (rendered as the template's native call markup).</summary>
    public IReadOnlyList<ChatToolCall> ToolCalls { get; init; } = [];

    /// <summary>A "tool" turn: the id of the call it answers.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>A "tool" turn: the name of the function that produced it.</summary>
    public string? Name { get; init; }

    /// <summary>An assistant turn's thinking, for templates that render it (reasoning_content); others drop it.</summary>
    public string? Reasoning { get; init; }
}

/// <summary>A tool call of an assistant turn in the history.</summary>
/// <param name="Id">The call id that the tool result refers to.</param>
/// <param name="Arguments">The arguments as JSON text, exactly as the client sent them.</param>
public sealed record ChatToolCall(string Id, string Name, string Arguments);
