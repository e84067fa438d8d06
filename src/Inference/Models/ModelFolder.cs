using System.Text.Json;
using Responses.Inference.Prompting;

namespace Responses.Inference.Models;

/// <summary>
/// What is read from a model folder before ORT sees it, so a bad folder fails with a message that names the path
/// and the file rather than a native error.
/// </summary>
/// <param name="ChatTemplate">tokenizer_config.json "chat_template" or chat_template.jinja; null when neither exists.</param>
internal sealed record ModelFolder(string Path, int ContextLength, string? ChatTemplate)
{
    public static ModelFolder Read(string path)
    {
        if (!Directory.Exists(path))
            throw new ModelLoadException($"Model folder '{path}' does not exist.");
        var configPath = System.IO.Path.Combine(path, "genai_config.json");
        if (!File.Exists(configPath))
            throw new ModelLoadException($"Model folder '{path}' has no genai_config.json; it is not an ONNX Runtime GenAI model folder.");
        return new ModelFolder(path, ReadContextLength(configPath), ReadChatTemplate(path));
    }

    private static int ReadContextLength(string configPath)
    {
        try
        {
            using var config = JsonDocument.Parse(File.ReadAllText(configPath));
            if (config.RootElement.TryGetProperty("model", out var model)
                && model.TryGetProperty("context_length", out var length)
                && length.TryGetInt32(out var value) && value > 0)
                return value;
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"'{configPath}' is not valid JSON: {ex.Message}", ex);
        }
        throw new ModelLoadException($"'{configPath}' has no positive integer model.context_length.");
    }

    private static string? ReadChatTemplate(string path)
    {
        var configPath = System.IO.Path.Combine(path, "tokenizer_config.json");
        if (File.Exists(configPath))
        {
            try
            {
                using var config = JsonDocument.Parse(File.ReadAllText(configPath));
                if (config.RootElement.TryGetProperty("chat_template", out var template))
                    return ChatTemplateSelector.Select(template);
            }
            catch (JsonException ex)
            {
                throw new ModelLoadException($"'{configPath}' is not valid JSON: {ex.Message}", ex);
            }
        }
        var jinjaPath = System.IO.Path.Combine(path, "chat_template.jinja");
        return File.Exists(jinjaPath) ? File.ReadAllText(jinjaPath) : null;
    }
}
