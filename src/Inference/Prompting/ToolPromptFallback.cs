using System.Text;

namespace Responses.Inference.Prompting;

/// <summary>
/// For templates that cannot render tools or tool turns: the tools go into the system message and calls and
/// results into ordinary turns, as the Hermes markup (&lt;tool_call&gt;, &lt;tool_response&gt;) that most
/// open models were tuned on and that the output parser then reads back. Without this a model whose template
/// drops tools would be asked to call functions it never saw.
/// </summary>
internal static class ToolPromptFallback
{
    private const string ToolsHeader =
        "# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
        + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>";

    private const string ToolsFooter =
        "\n</tools>\n\nFor each function call, return a json object with function name and arguments within "
        + "<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>";

    /// <summary>The messages and the tools to hand to the template.</summary>
    public static (IReadOnlyList<ChatMessage> Messages, IReadOnlyList<ChatTool> Tools) Adapt(ChatPrompt prompt, TemplateCapabilities capabilities)
    {
        var messages = prompt.Messages;
        var tools = prompt.Tools;
        var hasToolTurns = messages.Any(m => m.ToolCalls.Count > 0 || m.Role == "tool");
        if ((capabilities.RendersTools || tools.Count == 0) && (capabilities.RendersToolCalls || !hasToolTurns))
            return (messages, tools);

        var adapted = new List<ChatMessage>(messages.Count + 1);
        if (!capabilities.RendersTools && tools.Count > 0)
        {
            var block = ToolsBlock(tools);
            if (messages.Count > 0 && messages[0].Role == "system")
                adapted.Add(messages[0] with { Content = messages[0].Content + "\n\n" + block });
            else
                adapted.Add(new ChatMessage("system", block));
            messages = messages.Skip(messages.Count > 0 && messages[0].Role == "system" ? 1 : 0).ToList();
            tools = [];
        }

        foreach (var message in messages)
            Append(adapted, capabilities.RendersToolCalls ? message : AsText(message));
        return (adapted, tools);
    }

    private static string ToolsBlock(IReadOnlyList<ChatTool> tools)
    {
        var text = new StringBuilder(ToolsHeader);
        foreach (var tool in tools)
            text.Append('\n').Append(ChatMessagesJson.WriteTool(tool));
        return text.Append(ToolsFooter).ToString();
    }

    private static ChatMessage AsText(ChatMessage message)
    {
        if (message.Role == "tool")
            return new ChatMessage("user", "<tool_response>\n" + message.Content + "\n</tool_response>");
        if (message.ToolCalls.Count == 0)
            return message;
        var text = new StringBuilder(message.Content);
        foreach (var call in message.ToolCalls)
        {
            if (text.Length > 0)
                text.Append('\n');
            text.Append("<tool_call>\n").Append(ChatMessagesJson.WriteCall(call)).Append("\n</tool_call>");
        }
        return message with { Content = text.ToString(), ToolCalls = [] };
    }

    /// <summary>
    /// Turns of one role in a row become one turn: results of parallel calls are one user turn, as Hermes
    /// templates render them, and templates that insist on alternating roles accept the conversation.
    /// </summary>
    private static void Append(List<ChatMessage> adapted, ChatMessage message)
    {
        if (adapted.Count > 0 && adapted[^1].Role == message.Role && message.Role is "user" or "assistant")
            adapted[^1] = adapted[^1] with { Content = adapted[^1].Content + "\n" + message.Content };
        else
            adapted.Add(message);
    }
}
