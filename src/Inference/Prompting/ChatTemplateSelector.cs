using System.Text.Json;

namespace Responses.Inference.Prompting;

/// <summary>
/// tokenizer_config.json's "chat_template" is a string, or (newer Hugging Face exports) a list of
/// {"name","template"} of which "default" is the chat one.
/// </summary>
internal static class ChatTemplateSelector
{
    public static string? Select(JsonElement chatTemplate)
    {
        if (chatTemplate.ValueKind == JsonValueKind.String)
            return NullIfBlank(chatTemplate.GetString());
        if (chatTemplate.ValueKind != JsonValueKind.Array)
            return null;
        foreach (var entry in chatTemplate.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.Object
                && entry.TryGetProperty("name", out var name) && name.ValueEquals("default")
                && entry.TryGetProperty("template", out var template) && template.ValueKind == JsonValueKind.String)
                return NullIfBlank(template.GetString());
        }
        return null;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
