using Responses.Generated;
using Responses.Server.Runs.Images;

namespace Responses.Server.Runs.Conversation;

/// <summary>
/// The text of a tool call's output: the string, or its text and file parts joined by newlines. Images (Codex's
/// view_image returns one) are read by the request's <see cref="ImageInputs"/> and stand in the text as their
/// markers; other parts are left out and noted rather than refused, since the tool, not the client, made them.
/// </summary>
public static class ToolOutputText
{
    public static string Of(FunctionCallOutput output, string param, ICollection<string> notes, ImageInputs images)
    {
        if (output.IsText)
        {
            return output.Text!;
        }

        var texts = new List<string>();
        for (var i = 0; i < output.Items!.Count; i++)
        {
            switch (output.Items[i])
            {
                case InputTextContent text:
                    texts.Add(ImageInputs.Escape(text.Text));
                    break;
                case OutputTextContent text:
                    texts.Add(ImageInputs.Escape(text.Text));
                    break;
                case InputImageContent image:
                    texts.Add(images.Add(image.ImageUrl, image.FileId, $"{param}.output[{i}]"));
                    break;
                case InputFileContent file:
                    texts.Add(ImageInputs.Escape(FileText.Of(file, $"{param}.output[{i}]")));
                    break;
                case var part:
                    notes.Add($"skipped {param}.output[{i}] ({InputItemTypes.Name(part)}): only text, files and images reach the model");
                    break;
            }
        }

        return string.Join('\n', texts);
    }
}
