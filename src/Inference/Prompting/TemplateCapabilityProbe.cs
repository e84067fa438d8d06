using Responses.Inference.Native;

namespace Responses.Inference.Prompting;

/// <summary>
/// Renders a conversation with a tool, a call and its result through the template and looks for them in the
/// text. Most small and older models' templates ignore tools (or raise on the "tool" role); for those the prompt
/// carries tools and calls as text instead (<see cref="ToolPromptFallback"/>).
/// </summary>
internal static class TemplateCapabilityProbe
{
    private const string ToolName = "probe_tool_9f2c";
    private const string CallName = "probe_call_9f2c";
    private const string Result = "probe_result_9f2c";

    private static readonly string ToolsJson = ChatMessagesJson.WriteTools([new ChatTool(ToolName, "d", null)])!;

    private static readonly string CallMessagesJson = ChatMessagesJson.Write(
    [
        new ChatMessage("user", "u"),
        new ChatMessage("assistant", "") { ToolCalls = [new ChatToolCall("call_1", CallName, """{"a":1}""")] },
        new ChatMessage("tool", Result) { ToolCallId = "call_1", Name = CallName },
        new ChatMessage("user", "v"),
    ]);

    public static TemplateCapabilities Probe(INativeTokenizer tokenizer, string? template, string templateText)
    {
        var rendersTools = Contains(() => tokenizer.ApplyChatTemplate(template, """[{"role":"user","content":"u"}]""", ToolsJson, true), ToolName);
        var rendersCalls = Contains(() => tokenizer.ApplyChatTemplate(template, CallMessagesJson, ToolsJson, true), CallName, Result);
        return new TemplateCapabilities(rendersTools, rendersCalls, templateText.Contains("enable_thinking", StringComparison.Ordinal));
    }

    private static bool Contains(Func<string> render, params string[] needles)
    {
        try
        {
            var text = render();
            return needles.All(n => text.Contains(n, StringComparison.Ordinal));
        }
        catch (ChatTemplateException)
        {
            return false; // e.g. "Conversation roles must alternate": the template cannot take this turn
        }
    }
}
