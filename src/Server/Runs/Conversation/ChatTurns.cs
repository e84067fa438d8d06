using Responses.Inference;

namespace Responses.Server.Runs.Conversation;

/// <summary>
/// The chat turns being built. The Responses API spreads one model turn over several items (reasoning, a message,
/// then one item per tool call), while templates expect one assistant message carrying them all; so an assistant
/// turn stays open while its parts arrive and closes at the first item that cannot belong to it.
/// </summary>
public sealed class ChatTurns(ICollection<string> notes)
{
    private readonly List<ChatMessage> messages = [];
    private readonly List<ChatToolCall> calls = [];
    private string? text;
    private string? reasoning;
    private string? reasoningParam;

    public void AddUser(string content) => AddUser(content, []);

    /// <param name="images">The turn's images, one per marker in <paramref name="content"/>.</param>
    public void AddUser(string content, IReadOnlyList<ChatImage> images)
    {
        Close();
        messages.Add(new ChatMessage("user", content) { Images = images });
    }

    /// <summary>Assistant text opens a new turn unless the open one has only reasoning so far.</summary>
    public void AddAssistantText(string content)
    {
        if (text is not null || calls.Count > 0)
        {
            Close();
        }

        text = content;
    }

    /// <summary>Calls join the open turn: text and reasoning before them, and the calls beside them.</summary>
    public void AddToolCall(ChatToolCall call) => calls.Add(call);

    /// <summary>Reasoning belongs to the turn it precedes, so it closes a turn that already said or called something.</summary>
    public void AddReasoning(string content, string param)
    {
        if (content.Length == 0)
        {
            return;
        }

        if (text is not null || calls.Count > 0)
        {
            Close();
        }

        reasoning = reasoning is null ? content : $"{reasoning}\n{content}";
        reasoningParam ??= param;
    }

    public void AddToolResult(ChatMessage result)
    {
        Close();
        messages.Add(result);
    }

    /// <summary>Closes the open turn and returns every turn, in order.</summary>
    public IReadOnlyList<ChatMessage> Finish()
    {
        Close();
        return messages;
    }

    private void Close()
    {
        if (text is not null || calls.Count > 0)
        {
            var turn = new ChatMessage("assistant", text ?? "") { Reasoning = reasoning };
            messages.Add(calls.Count == 0 ? turn : turn with { ToolCalls = calls.ToArray() });
        }
        else if (reasoning is not null)
        {
            // An assistant turn of thinking alone would render as an empty reply the model then continues from.
            notes.Add($"dropped reasoning {reasoningParam}: no assistant message or tool call follows it");
        }

        calls.Clear();
        text = null;
        reasoning = null;
        reasoningParam = null;
    }
}
