using Responses.Generated;
using Responses.Server.Ids;

namespace Responses.Server.Runs.Compaction;

/// <summary>
/// The output of /v1/responses/compact: what the next request sends instead of the conversation. First the
/// compaction item (it stands for the whole conversation), then the conversation's latest user message verbatim: the
/// request being worked on is never left to a paraphrase. In that order, a window that is stored and continued with
/// previous_response_id keeps the message, since a chain's last compaction item supersedes only what precedes it.
/// </summary>
public static class CompactedWindow
{
    public static List<InputItem> Build(string summary, IReadOnlyList<InputItem> history, InputParam? input, IIdGenerator ids)
    {
        var window = new List<InputItem> { Item(summary, ids) };
        if (LatestUserMessage(history, input, ids) is { } message)
        {
            window.Add(message);
        }

        return window;
    }

    /// <summary>A compaction output item carrying <paramref name="summary"/>.</summary>
    public static CompactionBody Item(string summary, IIdGenerator ids) =>
        new() { Id = ids.NewId("cmp"), EncryptedContent = CompactionContent.Encode(summary) };

    /// <summary>The last user message of the input, else of the chain, as OpenAI lists one: with an id, completed, content parts.</summary>
    private static EasyInputMessage? LatestUserMessage(IReadOnlyList<InputItem> history, InputParam? input, IIdGenerator ids)
    {
        if (input?.IsText == true)
        {
            return Message(null, input.Text!, ids);
        }

        var found = Last(input?.Items) ?? Last(history);
        return found is null ? null : Message(found.Id, found.Content, ids);
    }

    private static EasyInputMessage? Last(IReadOnlyList<InputItem>? items)
    {
        for (var i = (items?.Count ?? 0) - 1; i >= 0; i--)
        {
            if (items![i] is EasyInputMessage { Role: EasyInputMessageRole.User } message)
            {
                return message;
            }
        }

        return null;
    }

    private static EasyInputMessage Message(string? id, InputMessageContent content, IIdGenerator ids) => new()
    {
        Id = string.IsNullOrEmpty(id) ? ids.NewId("msg") : id,
        Role = EasyInputMessageRole.User,
        Content = content.IsText ? new List<InputContent> { new InputTextContent { Text = content.Text! } } : content,
        Status = ItemStatus.Completed,
    };
}
