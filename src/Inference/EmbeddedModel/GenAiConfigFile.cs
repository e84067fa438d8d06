using System.Text.Json;

namespace Responses.Inference.EmbeddedModel;

/// <summary>Writes genai_config.json, the file ORT GenAI's <c>new Model(dir)</c> reads first.</summary>
internal static class GenAiConfigFile
{
    public const string ModelFileName = "model.onnx";

    public const string VisionFileName = "vision.onnx";
    public const string EmbeddingFileName = "embedding.onnx";
    public const string ProcessorConfigFileName = "processor_config.json";

    public static void Write(string path, ModelDimensions dims, TokenizerVocabulary vocabulary) =>
        // "llama" selects the decoder-only path with per-layer [B, kv_heads, S, head] KV tensors.
        Write(path, dims, vocabulary, "llama", "input_ids", _ => { });

    /// <summary>
    /// The tiny vision model's config: ORT GenAI's "gemma3" multimodal pipeline (vision encoder, embedding, then the
    /// same llama-shaped decoder fed inputs_embeds), its images pre-processed as processor_config.json says.
    /// </summary>
    public static void WriteVision(string path, ModelDimensions dims, TokenizerVocabulary vocabulary) =>
        Write(path, dims, vocabulary, "gemma3", LlamaGraphBuilder.InputsEmbeds, w =>
        {
            w.WriteStartObject("embedding");
            WriteSessionOptions(w);
            w.WriteString("filename", EmbeddingFileName);
            w.WriteStartObject("inputs");
            w.WriteString("input_ids", ImageEmbeddingGraphBuilder.InputIds);
            w.WriteString("image_features", VisionGraphBuilder.ImageFeatures);
            w.WriteEndObject();
            w.WriteStartObject("outputs");
            w.WriteString("inputs_embeds", LlamaGraphBuilder.InputsEmbeds);
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartObject("vision");
            WriteSessionOptions(w);
            w.WriteString("filename", VisionFileName);
            w.WriteString("config_filename", ProcessorConfigFileName);
            w.WriteStartObject("inputs");
            w.WriteString("pixel_values", VisionGraphBuilder.PixelValues);
            w.WriteEndObject();
            w.WriteStartObject("outputs");
            w.WriteString("image_features", VisionGraphBuilder.ImageFeatures);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static void Write(string path, ModelDimensions dims, TokenizerVocabulary vocabulary, string modelType, string tokenInput, Action<Utf8JsonWriter> writeOtherModels)
    {
        ModelJsonFile.Write(path, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("model");
            w.WriteString("type", modelType);
            w.WriteNumber("bos_token_id", vocabulary.IdOf(SpecialTokens.EndOfText));
            w.WriteNumber("eos_token_id", vocabulary.IdOf(SpecialTokens.ImEnd));
            w.WriteNumber("pad_token_id", vocabulary.IdOf(SpecialTokens.EndOfText));
            w.WriteNumber("vocab_size", vocabulary.Count);
            w.WriteNumber("context_length", dims.ContextLength);
            w.WriteStartObject("decoder");
            WriteSessionOptions(w);
            w.WriteString("filename", ModelFileName);
            w.WriteNumber("head_size", dims.HeadSize);
            w.WriteNumber("hidden_size", dims.HiddenSize);
            w.WriteNumber("num_attention_heads", dims.AttentionHeads);
            w.WriteNumber("num_key_value_heads", dims.KeyValueHeads);
            w.WriteNumber("num_hidden_layers", dims.Layers);
            w.WriteStartObject("inputs");
            w.WriteString(tokenInput, tokenInput);
            w.WriteString("attention_mask", "attention_mask");
            w.WriteString("position_ids", "position_ids");
            w.WriteString("past_key_names", "past_key_values.%d.key");
            w.WriteString("past_value_names", "past_key_values.%d.value");
            w.WriteEndObject();
            w.WriteStartObject("outputs");
            w.WriteString("logits", "logits");
            w.WriteString("present_key_names", "present.%d.key");
            w.WriteString("present_value_names", "present.%d.value");
            w.WriteEndObject();
            w.WriteEndObject();
            writeOtherModels(w);
            w.WriteEndObject();

            w.WriteStartObject("search");
            w.WriteNumber("diversity_penalty", 0.0);
            w.WriteBoolean("do_sample", false);
            w.WriteBoolean("early_stopping", true);
            w.WriteNumber("length_penalty", 1.0);
            w.WriteNumber("max_length", dims.ContextLength);
            w.WriteNumber("min_length", 0);
            w.WriteNumber("no_repeat_ngram_size", 0);
            w.WriteNumber("num_beams", 1);
            w.WriteNumber("num_return_sequences", 1);
            // The graph grows the cache with Concat (present = past + new), so GenAI must not
            // pre-allocate a shared max_length buffer.
            w.WriteBoolean("past_present_share_buffer", true);
            w.WriteNumber("repetition_penalty", 1.0);
            w.WriteNumber("temperature", 1.0);
            w.WriteNumber("top_k", 50);
            w.WriteNumber("top_p", 1.0);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void WriteSessionOptions(Utf8JsonWriter w)
    {
        w.WriteStartObject("session_options");
        w.WriteString("log_id", "onnxruntime-genai");
        w.WriteStartArray("provider_options");
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
