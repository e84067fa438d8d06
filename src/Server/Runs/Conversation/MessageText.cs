using System.Text;
using Responses.Generated;
using Responses.Server.Errors;

namespace Responses.Server.Runs.Conversation;

/// <summary>The text of a message's content: a plain string, or its text parts joined by newlines.</summary>
public static class MessageText
{
    public static string Of(InputMessageContent content, string param) =>
        content.IsText ? content.Text! : Join(content.Items!, param);

    public static string Of(IReadOnlyList<OutputContent> parts, string param) => Join(parts, param);

    private static string Join<TPart>(IReadOnlyList<TPart> parts, string param)
        where TPart : InputContent
    {
        if (parts.Count == 1)
        {
            return TextOf(parts[0], $"{param}[0]");
        }

        var text = new StringBuilder();
        for (var i = 0; i < parts.Count; i++)
        {
            if (i > 0)
            {
                text.Append('\n');
            }

            text.Append(TextOf(parts[i], $"{param}[{i}]"));
        }

        return text.ToString();
    }

    private static string TextOf(InputContent part, string param) => part switch
    {
        InputTextContent text => text.Text,
        OutputTextContent text => text.Text,
        RefusalContent refusal => refusal.Refusal,
        // A part without "type" reads as the union's base type.
        _ when part.GetType() == typeof(InputContent) => throw ApiException.InvalidRequest(
            $"Missing required parameter: '{param}.type'.", $"{param}.type", ErrorTypes.MissingRequiredParameter),
        _ => throw ApiException.InvalidRequest(
            $"Content parts of type '{InputItemTypes.Name(part)}' are not supported by this model; send input_text.",
            param,
            ErrorTypes.InvalidValue),
    };
}

/// <summary>
/// The thinking a replayed reasoning item carries in the clear: its full reasoning_text when the client kept it, else
/// the summary. Sealed encrypted_content is opened by <see cref="InputItemReader"/>.
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
