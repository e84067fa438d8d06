using Responses.Generated;

namespace Responses.Server.Runs.Conversation;

/// <summary>
/// The thinking a replayed reasoning item carries: its full reasoning_text when the client kept it, else the summary.
/// encrypted_content is OpenAI's own and cannot be read here.
/// </summary>
public static class ReasoningText
{
    public static string Of(ReasoningItem item)
    {
        var content = item.Content?.OfType<ReasoningTextContent>().Select(part => part.Text).Where(t => !string.IsNullOrEmpty(t)).ToList() ?? [];
        if (content.Count > 0)
        {
            return string.Join('\n', content);
        }

        return string.Join('\n', item.Summary.Select(part => part.Text).Where(t => !string.IsNullOrEmpty(t)));
    }
}
