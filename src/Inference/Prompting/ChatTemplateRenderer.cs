using Responses.Inference.Native;

namespace Responses.Inference.Prompting;

/// <summary>
/// Messages and tools -> chat template (ORT GenAI's Jinja engine) -> token ids; the engine supplies
/// bos_token/eos_token from the tokenizer config. A null template means the tokenizer's own, which the engine
/// parsed once at load: passing a template string makes it parse the Jinja again on every call (6-10 ms for a real
/// model's template, more than the whole rest of a short request).
/// </summary>
/// <param name="template">The template to pass per call: null for the tokenizer's own.</param>
/// <param name="templateText">The template's text either way (for the thinking switch).</param>
internal sealed class ChatTemplateRenderer(
    INativeTokenizer tokenizer, string? template, string templateText, TemplateCapabilities capabilities, int contextLength)
{
    public TemplateCapabilities Capabilities => capabilities;

    public RenderedPrompt Render(ChatPrompt prompt)
    {
        var (messages, tools) = ToolPromptFallback.Adapt(prompt, capabilities);
        var messagesJson = ChatMessagesJson.Write(messages);
        var toolsJson = ChatMessagesJson.WriteTools(tools);
        var renderWith = ThinkingSwitch.Apply(template, templateText, prompt.EnableThinking, capabilities);
        string text;
        try
        {
            text = tokenizer.ApplyChatTemplate(renderWith, messagesJson, toolsJson, addGenerationPrompt: true);
        }
        catch (ChatTemplateException ex)
        {
            throw new ChatTemplateException($"The chat template could not render this conversation: {ex.Message}", ex);
        }

        var ids = tokenizer.Encode(text);
        if (ids.Length >= contextLength)
            throw new ContextLengthExceededException(ids.Length, contextLength);
        return new RenderedPrompt(text, ids) { Source = prompt };
    }
}
