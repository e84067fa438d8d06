using System.Text;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;

namespace Responses.Server.Conversation;

/// <summary>
/// Turns instructions and input items into the chat messages a template renders. Instructions and every system or
/// developer message merge into one leading system message: local models' templates break on several system
/// messages, or on the developer role, and coding agents send both.
/// </summary>
public static class ConversationBuilder
{
    public static ChatPrompt Build(CreateResponse request)
    {
        var system = new StringBuilder();
        Append(system, request.Instructions);

        var turns = new List<ChatMessage>();
        var input = request.Input!;
        if (input.IsText)
        {
            turns.Add(new ChatMessage("user", input.Text!));
        }
        else
        {
            for (var i = 0; i < input.Items!.Count; i++)
            {
                AddItem(input.Items[i], $"input[{i}]", system, turns);
            }
        }

        var messages = new List<ChatMessage>(turns.Count + 1);
        if (system.Length > 0)
        {
            messages.Add(new ChatMessage("system", system.ToString()));
        }

        messages.AddRange(turns);
        return new ChatPrompt(messages);
    }

    private static void AddItem(InputItem item, string param, StringBuilder system, List<ChatMessage> turns)
    {
        switch (item)
        {
            case EasyInputMessage { Role: EasyInputMessageRole.System or EasyInputMessageRole.Developer } message:
                Append(system, MessageText.Of(message.Content, $"{param}.content"));
                break;
            case EasyInputMessage message:
                var role = message.Role == EasyInputMessageRole.Assistant ? "assistant" : "user";
                turns.Add(new ChatMessage(role, MessageText.Of(message.Content, $"{param}.content")));
                break;
            case OutputMessage output:
                turns.Add(new ChatMessage("assistant", MessageText.Of(output.Content, $"{param}.content")));
                break;
            default:
                throw ApiException.InvalidRequest(
                    $"Input items of type '{InputItemTypes.Name(item)}' are not supported yet; send message items.",
                    param,
                    ErrorTypes.InvalidValue);
        }
    }

    private static void Append(StringBuilder system, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (system.Length > 0)
        {
            system.Append("\n\n");
        }

        system.Append(text);
    }
}
