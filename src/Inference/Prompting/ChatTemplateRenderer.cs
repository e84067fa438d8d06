using Microsoft.ML.OnnxRuntimeGenAI;
using Responses.Inference.Generation;

namespace Responses.Inference.Prompting;

/// <summary>
/// Messages -> chat template (ORT GenAI's Jinja engine) -> token ids; the engine supplies bos_token/eos_token from
/// the tokenizer config. A null template means the tokenizer's own, which the engine parsed once at load: passing
/// a template string makes it parse the Jinja again on every call (6-10 ms for a real model's template, more than
/// the whole rest of a short request).
/// </summary>
internal sealed class ChatTemplateRenderer(Tokenizer tokenizer, string? template, int contextLength, NativeAccess native)
{
    public RenderedPrompt Render(ChatPrompt prompt)
    {
        var messagesJson = ChatMessagesJson.Write(prompt.Messages);
        var toolsJson = ChatMessagesJson.WriteTools(prompt.Tools);
        string text;
        try
        {
            text = native.Serialized(() => tokenizer.ApplyChatTemplate(template!, messagesJson, toolsJson!, add_generation_prompt: true));
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
