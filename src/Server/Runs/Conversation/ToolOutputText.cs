using Responses.Generated;

namespace Responses.Server.Runs.Conversation;

/// <summary>
/// The text of a tool call's output: the string, or its text and file parts joined by newlines. Other parts (images)
/// cannot reach a text model; they are left out and noted rather than refused, since the tool, not the client, made them.
/// </summary>
public static class ToolOutputText
{
    public static string Of(FunctionCallOutput output, string param, ICollection<string> notes)
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
                    texts.Add(text.Text);
                    break;
                case OutputTextContent text:
                    texts.Add(text.Text);
                    break;
                case InputFileContent file:
                    texts.Add(FileText.Of(file, $"{param}.output[{i}]"));
                    break;
                case var part:
                    notes.Add($"skipped {param}.output[{i}] ({InputItemTypes.Name(part)}): only text reaches the model");
                    break;
            }
        }

        return string.Join('\n', texts);
    }
}
