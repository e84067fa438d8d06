using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;

namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// Writes the project's own tiny vision model: an ORT GenAI "gemma3" folder (processor_config.json, vision.onnx,
/// embedding.onnx, model.onnx, genai_config.json and the text model's tokenizer with the three image markers added).
/// gemma3 is the simplest multimodal pipeline ORT GenAI runs: a fixed 256 soft tokens per image, one rank-3 feature
/// tensor, no image sizes, crops or grids to compute, so the whole vision side is two small graphs. Random weights,
/// written in well under a second: its answers are nonsense, but they depend on the image.
/// </summary>
public sealed class VisionModelWriter
{
    /// <summary>The id clients use for the tiny vision model.</summary>
    public const string ModelId = "responses-tiny-vision";

    /// <summary>Bump whenever the written bytes change in a way the fingerprint inputs do not capture.</summary>
    private const int GeneratorVersion = 2;

    /// <summary>Mixed into the seed of the vision weights, so they are not the decoder's first draws again.</summary>
    private const ulong VisionSeedSalt = 0x1A6E_5EED_0000UL;

    /// <summary>
    /// The LM head's context weight (1 in the text model, whose fixed bias decides a greedy pick almost alone): here the
    /// image has to change what greedy decoding says.
    /// </summary>
    private const double ContextWeight = 4.0;

    private readonly ModelDimensions dims = ModelDimensions.Default;

    /// <summary>The folder <see cref="EnsureWritten"/> writes to (or finds) under <paramref name="cacheDirectory"/>.</summary>
    public string FolderIn(string cacheDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        return Path.Combine(Path.GetFullPath(cacheDirectory), $"{ModelId}-v{GeneratorVersion}-{Fingerprint()}");
    }

    /// <summary>Writes the model under <paramref name="cacheDirectory"/> unless an identical one is there; returns its folder.</summary>
    public string EnsureWritten(string cacheDirectory) =>
        AtomicFolder.EnsureWritten(FolderIn(cacheDirectory), WriteFiles);

    private void WriteFiles(string directory)
    {
        var vocabulary = TokenizerVocabulary.Create(SpecialTokens.Image);
        var decoder = new LlamaGraphBuilder(dims, vocabulary.Count, vocabulary.IdOf(SpecialTokens.ImEnd), OutputBias.Compute(vocabulary), embeddingsInput: true, contextWeight: ContextWeight);
        Save(decoder.Build(), directory, GenAiConfigFile.ModelFileName);
        var embedding = new ImageEmbeddingGraphBuilder(dims, vocabulary.Count, vocabulary.IdOf(SpecialTokens.ImageSoftToken), decoder.EmbeddingTable!);
        Save(embedding.Build(), directory, GenAiConfigFile.EmbeddingFileName);
        Save(new VisionGraphBuilder(dims, new DeterministicWeights(dims.Seed ^ VisionSeedSalt)).Build(), directory, GenAiConfigFile.VisionFileName);

        ProcessorConfigFile.Write(Path.Combine(directory, GenAiConfigFile.ProcessorConfigFileName));
        TokenizerFiles.Write(directory, vocabulary, dims.ContextLength);
        GenAiConfigFile.WriteVision(Path.Combine(directory, "genai_config.json"), dims, vocabulary);
        // The same template opens a think block when reasoning is on; the same budget closes it.
        EmbeddedModelWriter.WriteSettings(directory);
    }

    private static void Save(Onnx.ModelProto model, string directory, string fileName)
    {
        using var stream = File.Create(Path.Combine(directory, fileName));
        model.WriteTo(stream);
    }

    /// <summary>Short hash of everything that shapes the content, so a changed generator gets a new folder.</summary>
    private string Fingerprint()
    {
        var inputs = string.Join(
            '\n',
            dims.ToString(),
            FormattableString.Invariant($"merges {TokenizerVocabulary.MaxMerges}/{TokenizerVocabulary.MinPairCount} reply {OutputBias.MeanReplyTokens} thinking {EmbeddedModelWriter.ThinkingBudgetTokens}"),
            FormattableString.Invariant($"image {VisionGraphBuilder.ImageSide}px {VisionGraphBuilder.ImageTokens} tokens, context weight {ContextWeight}"),
            TrainingCorpus.Text,
            ChatMlTemplate.Jinja);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(inputs)))[..12];
    }
}
