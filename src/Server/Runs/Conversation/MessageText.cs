using System.Text;
using Responses.Generated;
using Responses.Server.Errors;
using Responses.Server.Runs.Images;

namespace Responses.Server.Runs.Conversation;

/// <summary>
/// The text of a message's content: a plain string, or its parts joined by newlines; an image part is read by the
/// request's <see cref="ImageInputs"/>, which holds it for the turn, and stands in the text as its marker.
/// </summary>
public static class MessageText
{
    public static string Of(InputMessageContent content, string param, ImageInputs images) =>
        content.IsText ? content.Text! : Join(content.Items!, param, images);

    public static string Of(IReadOnlyList<OutputContent> parts, string param, ImageInputs images) => Join(parts, param, images);

    private static string Join<TPart>(IReadOnlyList<TPart> parts, string param, ImageInputs images)
        where TPart : InputContent
    {
        if (parts.Count == 1)
        {
            return TextOf(parts[0], $"{param}[0]", images);
        }

        var text = new StringBuilder();
        for (var i = 0; i < parts.Count; i++)
        {
            if (i > 0)
            {
                text.Append('\n');
            }

            text.Append(TextOf(parts[i], $"{param}[{i}]", images));
        }

        return text.ToString();
    }

    private static string TextOf(InputContent part, string param, ImageInputs images) => part switch
    {
        InputTextContent text => ImageInputs.Escape(text.Text),
        OutputTextContent text => ImageInputs.Escape(text.Text),
        RefusalContent refusal => ImageInputs.Escape(refusal.Refusal),
        InputImageContent image => images.Add(image.ImageUrl, image.FileId, param),
        InputFileContent file => ImageInputs.Escape(FileText.Of(file, param)),
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
