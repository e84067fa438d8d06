using System.Text.Json;

namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// Writes the Hugging Face tokenizer.json / tokenizer_config.json pair that ORT GenAI's tokenizer
/// (onnxruntime-extensions) reads: a GPT-2 style byte-level BPE with ChatML special tokens.
/// </summary>
internal static class TokenizerFiles
{
    public static void Write(string directory, TokenizerVocabulary vocabulary, int contextLength)
    {
        ModelJsonFile.Write(Path.Combine(directory, "tokenizer.json"), w => WriteTokenizer(w, vocabulary));
        ModelJsonFile.Write(Path.Combine(directory, "tokenizer_config.json"), w => WriteConfig(w, vocabulary, contextLength));
    }

    private static void WriteTokenizer(Utf8JsonWriter w, TokenizerVocabulary vocabulary)
    {
        w.WriteStartObject();
        w.WriteString("version", "1.0");
        w.WriteNull("truncation");
        w.WriteNull("padding");
        w.WriteStartArray("added_tokens");
        foreach (var token in vocabulary.Specials)
        {
            w.WriteStartObject();
            w.WriteNumber("id", vocabulary.IdOf(token));
            w.WriteString("content", token);
            w.WriteBoolean("single_word", false);
            w.WriteBoolean("lstrip", false);
            w.WriteBoolean("rstrip", false);
            w.WriteBoolean("normalized", false);
            w.WriteBoolean("special", !SpecialTokens.Markup.Contains(token));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNull("normalizer");
        WriteByteLevel(w, "pre_tokenizer", addPrefixSpace: false, trimOffsets: true);
        WriteByteLevel(w, "post_processor", addPrefixSpace: false, trimOffsets: false);
        WriteByteLevel(w, "decoder", addPrefixSpace: false, trimOffsets: true);

        w.WriteStartObject("model");
        w.WriteString("type", "BPE");
        w.WriteNull("dropout");
        w.WriteNull("unk_token");
        w.WriteString("continuing_subword_prefix", string.Empty);
        w.WriteString("end_of_word_suffix", string.Empty);
        w.WriteBoolean("fuse_unk", false);
        w.WriteBoolean("byte_fallback", false);
        w.WriteStartObject("vocab");
        for (var id = 0; id < vocabulary.FirstSpecialId; id++)
        {
            w.WriteNumber(vocabulary.Symbols[id], id);
        }

        w.WriteEndObject();
        w.WriteStartArray("merges");
        foreach (var (left, right) in vocabulary.Merges)
        {
            w.WriteStringValue($"{left} {right}");
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteByteLevel(Utf8JsonWriter w, string property, bool addPrefixSpace, bool trimOffsets)
    {
        w.WriteStartObject(property);
        w.WriteString("type", "ByteLevel");
        w.WriteBoolean("add_prefix_space", addPrefixSpace);
        w.WriteBoolean("trim_offsets", trimOffsets);
        w.WriteBoolean("use_regex", true);
        w.WriteEndObject();
    }

    private static void WriteConfig(Utf8JsonWriter w, TokenizerVocabulary vocabulary, int contextLength)
    {
        w.WriteStartObject();
        // GPT2Tokenizer is the byte-level BPE class onnxruntime-extensions maps to its BPE kernel.
        w.WriteString("tokenizer_class", "GPT2Tokenizer");
        w.WriteBoolean("add_bos_token", false);
        w.WriteBoolean("add_prefix_space", false);
        w.WriteBoolean("clean_up_tokenization_spaces", false);
        w.WriteString("bos_token", SpecialTokens.EndOfText);
        w.WriteString("eos_token", SpecialTokens.ImEnd);
        w.WriteString("pad_token", SpecialTokens.EndOfText);
        w.WriteNull("unk_token");
        w.WriteNumber("model_max_length", contextLength);
        w.WriteStartArray("additional_special_tokens");
        foreach (var token in vocabulary.Specials.Where(t => t is not SpecialTokens.EndOfText and not SpecialTokens.ImEnd && !SpecialTokens.Markup.Contains(t)))
        {
            w.WriteStringValue(token);
        }

        w.WriteEndArray();
        w.WriteStartObject("added_tokens_decoder");
        foreach (var token in vocabulary.Specials)
        {
            w.WriteStartObject(vocabulary.IdOf(token).ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("content", token);
            w.WriteBoolean("lstrip", false);
            w.WriteBoolean("normalized", false);
            w.WriteBoolean("rstrip", false);
            w.WriteBoolean("single_word", false);
            w.WriteBoolean("special", !SpecialTokens.Markup.Contains(token));
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteString("chat_template", ChatMlTemplate.Jinja);
        w.WriteEndObject();
    }
}
