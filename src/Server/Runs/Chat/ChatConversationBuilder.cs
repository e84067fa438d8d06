using System.Text;
using System.Text.Json;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Runs.Conversation;
using Responses.Server.Runs.Images;
using Responses.Server.Runs.Tools;

namespace Responses.Server.Runs.Chat;

/// <summary>
/// Chat messages → the same prompt a Responses request gets: system and developer messages merge into the one
/// leading system message (SystemText), assistant turns carry their reasoning and tool calls and tool results name
/// their call (ChatTurns), and tools, tool_choice and response_format go through the Responses tool offering and
/// output formats after a change of shape (ChatRequestShapes). Nothing here decides anything Responses decides.
/// </summary>
public static class ChatConversationBuilder
{
    /// <param name="imageOptions">What images may be (limits, a local folder); null: the defaults.</param>
    public static BuiltConversation Build(CreateChatCompletionRequest request, JsonSerializerOptions json, ImageOptions? imageOptions = null)
    {
        var images = new ImageInputs(imageOptions ?? new ImageOptions());
        var tools = ToolTableBuilder.Build(
            ChatRequestShapes.Tools(request.Tools), ChatRequestShapes.ToolChoice(request.ToolChoice), request.ParallelToolCalls, json);
        var notes = new List<string>(tools.Notes);
        var system = new SystemText();
        var turns = new ChatTurns(notes);
        // call id → the function name the model saw, so a tool message names its function, as the templates want.
        var calls = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Messages!.Count; i++)
        {
            var param = $"messages[{i}]";
            switch (request.Messages[i])
            {
                case ChatCompletionRequestSystemMessage m:
                    system.Append(Text(m.Content, param, images, notes));
                    break;
                case ChatCompletionRequestDeveloperMessage m:
                    system.Append(Text(m.Content, param, images, notes));
                    break;
                case ChatCompletionRequestUserMessage m:
                    var content = Text(m.Content, param, images);
                    turns.AddUser(content, images.Take());
                    break;
                case ChatCompletionRequestAssistantMessage m:
                    AddAssistant(m, param, turns, calls, images, notes);
                    break;
                case ChatCompletionRequestToolMessage m:
                    if (m.ToolCallId is null || !calls.TryGetValue(m.ToolCallId, out var name))
                    {
                        throw ApiException.InvalidRequest(
                            $"Invalid parameter: messages with role 'tool' must be a response to a preceding message with 'tool_calls'; no tool call has id '{m.ToolCallId}'.",
                            $"{param}.tool_call_id",
                            ErrorTypes.InvalidValue);
                    }

                    var result = Text(m.Content, param, images);
                    turns.AddToolResult(new ChatMessage("tool", result) { ToolCallId = m.ToolCallId, Name = name, Images = images.Take() });
                    break;
                default:
                    // Without "role" the union reads as its base type: the one field that says what the message is.
                    throw ApiException.InvalidRequest($"Missing required parameter: '{param}.role'.", $"{param}.role", ErrorTypes.MissingRequiredParameter);
            }
        }

        var format = OutputFormats.From(ChatRequestShapes.Format(request.ResponseFormat), json);
        var thinking = EnableThinking.From(request.ReasoningEffort is null ? null : new Reasoning { Effort = request.ReasoningEffort });
        return ConversationBuilder.Assemble(system, turns, tools, format, thinking, notes);
    }

    private static void AddAssistant(
        ChatCompletionRequestAssistantMessage message, string param, ChatTurns turns, Dictionary<string, string> calls, ImageInputs images, List<string> notes)
    {
        if (message.ReasoningContent is { } reasoning)
        {
            turns.AddReasoning(reasoning, $"{param}.reasoning_content");
        }

        var toolCalls = message.ToolCalls ?? [];
        // A turn of calls alone has no text; any other assistant message is a turn of its own, even an empty one.
        if (message.Content is not null || toolCalls.Count == 0)
        {
            turns.AddAssistantText(message.Content is null ? string.Empty : Text(message.Content, param, images, notes));
        }

        for (var j = 0; j < toolCalls.Count; j++)
        {
            var call = toolCalls[j] ?? throw ApiException.InvalidRequest(
                $"Invalid type for '{param}.tool_calls[{j}]': expected an object, but got null instead.", $"{param}.tool_calls[{j}]", ErrorTypes.InvalidType);
            if (string.IsNullOrEmpty(call.Id) || string.IsNullOrEmpty(call.Function?.Name) || call.Function.Arguments is null)
            {
                var missing = string.IsNullOrEmpty(call.Id) ? "id" : string.IsNullOrEmpty(call.Function?.Name) ? "function.name" : "function.arguments";
                throw ApiException.InvalidRequest(
                    $"Missing required parameter: '{param}.tool_calls[{j}].{missing}'.", $"{param}.tool_calls[{j}].{missing}", ErrorTypes.MissingRequiredParameter);
            }

            calls[call.Id] = call.Function.Name;
            turns.AddToolCall(new ChatToolCall(call.Id, call.Function.Name, call.Function.Arguments));
        }
    }

    /// <summary>A turn that takes no images (system, developer, assistant): each image read becomes a short text.</summary>
    private static string Text(ChatCompletionMessageContent? content, string param, ImageInputs images, List<string> notes)
    {
        var text = Text(content, param, images);
        if (images.Take() is { Count: > 0 } dropped)
        {
            notes.Add($"{param}: {dropped.Count} image(s) outside a user or tool message given as text");
            return TextModelImages.Replace(text, InputItemReader.SystemImagePlaceholder);
        }

        return text;
    }

    /// <summary>
    /// A string, or the parts joined by newlines (as Responses joins input_text parts); an image_url part is read by
    /// <paramref name="images"/>, which holds it for the turn, and stands in the text as its marker; a file part is its
    /// text, as an input_file's.
    /// </summary>
    private static string Text(ChatCompletionMessageContent? content, string param, ImageInputs images)
    {
        if (content is null)
        {
            throw ApiException.InvalidRequest($"Missing required parameter: '{param}.content'.", $"{param}.content", ErrorTypes.MissingRequiredParameter);
        }

        if (content.IsText)
        {
            return content.Text!;
        }

        var text = new StringBuilder();
        for (var i = 0; i < content.Items!.Count; i++)
        {
            if (i > 0)
            {
                text.Append('\n');
            }

            var part = content.Items[i];
            var partParam = $"{param}.content[{i}]";
            text.Append(part.Type switch
            {
                ChatCompletionRequestMessageContentPartType.ImageUrl => images.Add(
                    part.ImageUrl?.Url ?? throw ApiException.InvalidRequest(
                        $"Missing required parameter: '{partParam}.image_url'.", $"{partParam}.image_url", ErrorTypes.MissingRequiredParameter),
                    fileId: null,
                    partParam),
                ChatCompletionRequestMessageContentPartType.File => ImageInputs.Escape(FileText.Of(
                    new InputFileContent { FileData = part.File?.FileData, Filename = part.File?.Filename, FileId = part.File?.FileId },
                    $"{partParam}.file")),
                _ => ImageInputs.Escape(part.Text ?? throw ApiException.InvalidRequest(
                    $"Missing required parameter: '{partParam}.text'.", $"{partParam}.text", ErrorTypes.MissingRequiredParameter)),
            });
        }

        return text.ToString();
    }
}
