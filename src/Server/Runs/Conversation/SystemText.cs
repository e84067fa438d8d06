using System.Text;

namespace Responses.Server.Runs.Conversation;

/// <summary>
/// The one leading system message: instructions, every system or developer message and the server's own notes,
/// as paragraphs. Local models' templates break on several system messages, or on the developer role, and coding
/// agents send both.
/// </summary>
public sealed class SystemText
{
    private readonly StringBuilder text = new();

    public void Append(string? paragraph)
    {
        if (string.IsNullOrEmpty(paragraph))
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append("\n\n");
        }

        text.Append(paragraph);
    }

    /// <summary>The system message's text, or null when there is none.</summary>
    public string? Text => text.Length == 0 ? null : text.ToString();
}
