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
/// <param name="images">How the model's processor marks an image; null: a text model, which is never given images.</param>
internal sealed class ChatTemplateRenderer(
    INativeTokenizer tokenizer, string? template, string templateText, TemplateCapabilities capabilities, int contextLength, ImageMarkup? images = null)
{
    public TemplateCapabilities Capabilities => capabilities;

    public RenderedPrompt Render(ChatPrompt prompt)
    {
        var (messages, tools) = ToolPromptFallback.Adapt(prompt, capabilities);
        IReadOnlyList<ChatImage> attached = images is null ? [] : [.. prompt.Messages.SelectMany(message => message.Images)];
        if (attached.Count > 0)
            messages = [.. messages.Select(message => message with { Content = message.Content.Replace(ChatImage.Marker.ToString(), images!.Marker, StringComparison.Ordinal) })];
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

        if (attached.Count > 0 && Occurrences(text, images!.Marker) != attached.Count)
        {
            // The processor pairs markers with images in order: one missing (a template that drops a turn) or one
            // more (the marker's text typed by the client) would give an image to the wrong place.
            throw new ChatTemplateException(
                $"The rendered conversation holds {Occurrences(text, images.Marker)} image marker(s) '{images.Marker}' for {attached.Count} image(s); the text must not contain the marker itself.");
        }

        var ids = tokenizer.Encode(attached.Count > 0 ? text.Replace(images!.Marker, images.Expanded, StringComparison.Ordinal) : text);
        if (ids.Length >= contextLength)
            throw new ContextLengthExceededException(ids.Length, contextLength);
        return new RenderedPrompt(text, ids) { Source = prompt, Images = attached, ImagesEnd = attached.Count > 0 ? ImagesEnd(ids, images!) : 0 };
    }

    /// <summary>The ids up to the last image's closing token: a kept generator must hold them all to be continued.</summary>
    private int ImagesEnd(int[] ids, ImageMarkup markup) => Array.LastIndexOf(ids, tokenizer.Encode(markup.Closing)[^1]) + 1;

    private static int Occurrences(string text, string marker)
    {
        var count = 0;
        for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + marker.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
