using System.Text.Json;
using Responses.Inference.Prompting;

namespace Responses.Inference.Ort;

/// <summary>
/// What is read from a model folder before ORT sees it, so a bad folder fails with a message that names the path
/// and the file rather than a native error.
/// </summary>
/// <param name="ChatTemplate">tokenizer_config.json "chat_template" or chat_template.jinja; null when neither exists.</param>
/// <param name="KvBytesPerToken">
/// KV-cache bytes one token holds (keys and values of every layer), from the decoder's dimensions, at 4 bytes an
/// element: CPU exports keep fp32 caches, fp16 ones are over-counted twice, which errs on the safe side. 0 when
/// the config lacks the dimensions.
/// </param>
/// <param name="SharesKvBuffer">
/// genai_config search.past_present_share_buffer (ORT's default: true): the KV buffer is allocated at max_length up
/// front instead of growing with the sequence.
/// </param>
/// <param name="PadTokenId">model.pad_token_id, or -1: in a batch ORT GenAI takes that token for padding wherever it appears.</param>
/// <param name="DecoderFile">model.decoder.filename: the decoder graph's path in the folder, or null.</param>
/// <param name="HiddenSize">model.decoder.hidden_size, or 0 when the config lacks it.</param>
/// <param name="ThinkingBudget">
/// <see cref="SettingsFileName"/> "thinking_budget": thinking tokens after which the server closes an open think
/// block (see <c>ThinkingBudget</c>); 0 when the folder sets none, as real models' folders do.
/// </param>
internal sealed record ModelFolder(
    string Path, int ContextLength, string? ChatTemplate, long KvBytesPerToken, bool SharesKvBuffer = true, int PadTokenId = -1, string? DecoderFile = null, int HiddenSize = 0,
    int ThinkingBudget = 0)
{
    /// <summary>This server's settings for a model that genai_config.json (which ORT GenAI validates strictly) has no place for.</summary>
    public const string SettingsFileName = "responses_model.json";

    public static ModelFolder Read(string path)
    {
        if (!Directory.Exists(path))
            throw new ModelLoadException($"Model folder '{path}' does not exist.");
        var configPath = System.IO.Path.Combine(path, "genai_config.json");
        if (!File.Exists(configPath))
            throw new ModelLoadException($"Model folder '{path}' has no genai_config.json; it is not an ONNX Runtime GenAI model folder.");
        JsonDocument config;
        try
        {
            config = JsonDocument.Parse(File.ReadAllText(configPath));
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"'{configPath}' is not valid JSON: {ex.Message}", ex);
        }
        using (config)
        {
            var model = config.RootElement.ValueKind == JsonValueKind.Object && config.RootElement.TryGetProperty("model", out var m) ? m : default;
            var decoderFile = ReadDecoderFile(model);
            if (decoderFile is not null && !File.Exists(System.IO.Path.Combine(path, decoderFile)))
                throw new ModelLoadException($"Model folder '{path}' has no '{decoderFile}', the ONNX file its genai_config.json names (model.decoder.filename).");
            return new ModelFolder(path, ReadContextLength(model, configPath), ReadChatTemplate(path), ReadKvBytesPerToken(model),
                ReadSharesKvBuffer(config.RootElement), ReadPadTokenId(model), decoderFile, ReadHiddenSize(model), ReadThinkingBudget(path));
        }
    }

    private static int ReadContextLength(JsonElement model, string configPath)
    {
        if (model.ValueKind == JsonValueKind.Object
            && model.TryGetProperty("context_length", out var length)
            && length.TryGetInt32(out var value) && value > 0)
            return value;
        throw new ModelLoadException($"'{configPath}' has no positive integer model.context_length.");
    }

    /// <summary>Checked here because ORT's own error for a missing graph is a native message; ours names the file and the setting.</summary>
    private static string? ReadDecoderFile(JsonElement model) =>
        model.ValueKind == JsonValueKind.Object
        && model.TryGetProperty("decoder", out var decoder) && decoder.ValueKind == JsonValueKind.Object
        && decoder.TryGetProperty("filename", out var name) && name.ValueKind == JsonValueKind.String
        && name.GetString() is { Length: > 0 } file
            ? file
            : null;

    private static int ReadPadTokenId(JsonElement model) =>
        model.ValueKind == JsonValueKind.Object && model.TryGetProperty("pad_token_id", out var pad) && pad.TryGetInt32(out var id) ? id : -1;

    private static bool ReadSharesKvBuffer(JsonElement root) =>
        !(root.ValueKind == JsonValueKind.Object
          && root.TryGetProperty("search", out var search) && search.ValueKind == JsonValueKind.Object
          && search.TryGetProperty("past_present_share_buffer", out var share) && share.ValueKind == JsonValueKind.False);

    private static int ReadHiddenSize(JsonElement model) =>
        model.ValueKind == JsonValueKind.Object
        && model.TryGetProperty("decoder", out var decoder) && decoder.ValueKind == JsonValueKind.Object
        && decoder.TryGetProperty("hidden_size", out var size) && size.TryGetInt32(out var value) && value > 0
            ? value
            : 0;

    private static long ReadKvBytesPerToken(JsonElement model)
    {
        if (model.ValueKind != JsonValueKind.Object || !model.TryGetProperty("decoder", out var decoder) || decoder.ValueKind != JsonValueKind.Object)
            return 0;
        int Dimension(string name) =>
            decoder.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) && number > 0 ? number : 0;
        var headSize = Dimension("head_size");
        if (headSize == 0 && Dimension("num_attention_heads") is > 0 and var heads)
            headSize = Dimension("hidden_size") / heads;
        var kvHeads = Dimension("num_key_value_heads") is > 0 and var kv ? kv : Dimension("num_attention_heads");
        return 2L * Dimension("num_hidden_layers") * kvHeads * headSize * sizeof(float);
    }

    private static int ReadThinkingBudget(string path)
    {
        var settingsPath = System.IO.Path.Combine(path, SettingsFileName);
        if (!File.Exists(settingsPath))
            return 0;
        try
        {
            using var settings = JsonDocument.Parse(File.ReadAllText(settingsPath));
            return settings.RootElement.ValueKind == JsonValueKind.Object
                && settings.RootElement.TryGetProperty("thinking_budget", out var budget) && budget.TryGetInt32(out var tokens) && tokens > 0
                    ? tokens
                    : 0;
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"'{settingsPath}' is not valid JSON: {ex.Message}", ex);
        }
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
