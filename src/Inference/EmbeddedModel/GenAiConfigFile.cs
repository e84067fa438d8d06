using System.Text.Json;

namespace Responses.Inference.EmbeddedModel;

/// <summary>Writes genai_config.json, the file ORT GenAI's <c>new Model(dir)</c> reads first.</summary>
internal static class GenAiConfigFile
{
    public const string ModelFileName = "model.onnx";

    public static void Write(string path, ModelDimensions dims, TokenizerVocabulary vocabulary)
    {
        ModelJsonFile.Write(path, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("model");
            // "llama" selects the decoder-only path with per-layer [B, kv_heads, S, head] KV tensors.
            w.WriteString("type", "llama");
            w.WriteNumber("bos_token_id", vocabulary.IdOf(SpecialTokens.EndOfText));
            w.WriteNumber("eos_token_id", vocabulary.IdOf(SpecialTokens.ImEnd));
            w.WriteNumber("pad_token_id", vocabulary.IdOf(SpecialTokens.EndOfText));
            w.WriteNumber("vocab_size", vocabulary.Count);
            w.WriteNumber("context_length", dims.ContextLength);
            w.WriteStartObject("decoder");
            w.WriteStartObject("session_options");
            w.WriteString("log_id", "onnxruntime-genai");
            w.WriteStartArray("provider_options");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteString("filename", ModelFileName);
            w.WriteNumber("head_size", dims.HeadSize);
            w.WriteNumber("hidden_size", dims.HiddenSize);
            w.WriteNumber("num_attention_heads", dims.AttentionHeads);
            w.WriteNumber("num_key_value_heads", dims.KeyValueHeads);
            w.WriteNumber("num_hidden_layers", dims.Layers);
            w.WriteStartObject("inputs");
            w.WriteString("input_ids", "input_ids");
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
}
