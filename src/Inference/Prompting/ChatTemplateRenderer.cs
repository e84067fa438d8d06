using Microsoft.ML.OnnxRuntimeGenAI;
using Responses.Inference.Generation;

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
    Tokenizer tokenizer, string? template, string templateText, TemplateCapabilities capabilities, int contextLength, NativeAccess native)
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
            text = native.Serialized(() => tokenizer.ApplyChatTemplate(renderWith!, messagesJson, toolsJson!, add_generation_prompt: true));
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            // The engine's message starts with the template's own words (raise_exception) and then a location trace.
            var firstLine = ex.Message.Split('\n', 2)[0];
            var location = firstLine.IndexOf(" at row ", StringComparison.Ordinal);
            firstLine = location < 0 ? firstLine : firstLine[..location];
            throw new ChatTemplateException($"The chat template could not render this conversation: {firstLine}", ex);
        }

        using var sequences = tokenizer.Encode(text); // the one tokenizer call the C API promises is thread-safe
        var ids = sequences[0].ToArray();
        if (ids.Length >= contextLength)
            throw new ContextLengthExceededException(ids.Length, contextLength);
        return new RenderedPrompt(text, ids) { Source = prompt };
    }
}
