using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;

namespace Responses.Inference.EmbeddedModel;

/// <summary>Writes the project's own small llama-type model (ONNX graph, genai_config, tokenizer, chat template).</summary>
public sealed class EmbeddedModelWriter
{
    /// <summary>The id clients use for the embedded model.</summary>
    public const string ModelId = "responses-tiny-llama";

    /// <summary>
    /// Bump whenever generator code changes the written bytes in a way the fingerprint inputs
    /// (dimensions, merge settings, corpus, template, reply length) do not capture, so old cache folders are not reused.
    /// </summary>
    private const int GeneratorVersion = 7;

    /// <summary>
    /// Thinking tokens the server lets this model write before it closes the think block (the model folder's
    /// thinking_budget). Random weights never learned to close one, and no context-free bias can close it in both
    /// sampled and greedy decoding without also emitting &lt;/think&gt; where no block is open; a budget is what
    /// thinking servers offer anyway (llama.cpp's reasoning budget), so the server's ramp ends the block, after
    /// which the model answers as it does without thinking.
    /// </summary>
    public const int ThinkingBudgetTokens = 40;

    /// <summary>The id of <see cref="ForBenchmark"/>'s model (its folder name starts with it).</summary>
    public const string BenchmarkModelId = "responses-bench-llama";

    private readonly ModelDimensions dims;
    private readonly string modelId;
    private readonly WeightPrecision precision;

    /// <summary>The embedded model: tiny, written in milliseconds, its bytes locked by the unit tests.</summary>
    public EmbeddedModelWriter()
        : this(ModelDimensions.Default, ModelId)
    {
    }

    internal EmbeddedModelWriter(ModelDimensions dims, string modelId, WeightPrecision precision = WeightPrecision.Fp32)
    {
        this.dims = dims;
        this.modelId = modelId;
        this.precision = precision;
    }

    /// <summary>
    /// The same model type, tokenizer and chat template with bench-size dimensions (<see cref="ModelDimensions.Benchmark"/>,
    /// ~31M parameters, ~125 MB of fp32 weights), so a decode step costs real compute and memory bandwidth.
    /// For benchmarks only: written at bench time, never served by default. <see cref="WeightPrecision.Int4"/> writes
    /// the same weights quantized as the published CPU int4 folders are (~20 MB).
    /// </summary>
    public static EmbeddedModelWriter ForBenchmark(WeightPrecision precision = WeightPrecision.Fp32) =>
        new(ModelDimensions.Benchmark, precision == WeightPrecision.Int4 ? BenchmarkModelId + "-int4" : BenchmarkModelId, precision);

    /// <summary>Parameters of the written graph's weight matrices (embedding, projections, norms, lm_head).</summary>
    public long ParameterCount(int vocabularySize)
    {
        long hidden = dims.HiddenSize;
        var perLayer = 2 * hidden * hidden + 2 * hidden * dims.KeyValueSize + 3 * hidden * dims.IntermediateSize + 2 * hidden;
        return 2 * vocabularySize * hidden + vocabularySize + dims.Layers * perLayer + hidden;
    }

    /// <summary>The tokenizer's vocabulary size (the same for every size of the model).</summary>
    public static int VocabularySize => TokenizerVocabulary.Create().Count;

    /// <summary>A one-line description of the dimensions, for reports.</summary>
    public string Describe() => FormattableString.Invariant(
        $"{dims.Layers} layers, hidden {dims.HiddenSize}, {dims.AttentionHeads} heads ({dims.KeyValueHeads} KV), intermediate {dims.IntermediateSize}, {(precision == WeightPrecision.Int4 ? "int4 (MatMulNBits, block 32)" : "fp32")}");

    /// <summary>The folder <see cref="EnsureWritten"/> writes to (or finds) under <paramref name="cacheDirectory"/>.</summary>
    public string FolderIn(string cacheDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        return Path.Combine(Path.GetFullPath(cacheDirectory), $"{modelId}-v{GeneratorVersion}-{Fingerprint(dims, precision)}");
    }

    /// <summary>Writes the model under <paramref name="cacheDirectory"/> unless an identical one is there; returns its folder.</summary>
    public string EnsureWritten(string cacheDirectory) =>
        AtomicFolder.EnsureWritten(FolderIn(cacheDirectory), staging => WriteFiles(staging, dims, precision));

    private static void WriteFiles(string directory, ModelDimensions dims, WeightPrecision precision)
    {
        var vocabulary = TokenizerVocabulary.Create();
        var model = new LlamaGraphBuilder(dims, vocabulary.Count, vocabulary.IdOf(SpecialTokens.ImEnd), OutputBias.Compute(vocabulary), precision).Build();
        using (var stream = File.Create(Path.Combine(directory, GenAiConfigFile.ModelFileName)))
        {
            model.WriteTo(stream);
        }

        TokenizerFiles.Write(directory, vocabulary, dims.ContextLength);
        GenAiConfigFile.Write(Path.Combine(directory, "genai_config.json"), dims, vocabulary);
        WriteSettings(directory);
    }

    /// <summary>The folder's own settings (responses_model.json): the thinking budget that closes a think block the template opened.</summary>
    internal static void WriteSettings(string directory) =>
        ModelJsonFile.Write(Path.Combine(directory, Ort.ModelFolder.SettingsFileName), w =>
        {
            w.WriteStartObject();
            w.WriteNumber("thinking_budget", ThinkingBudgetTokens);
            w.WriteEndObject();
        });

    /// <summary>Short hash of everything that shapes the content, so a changed generator gets a new folder.</summary>
    private static string Fingerprint(ModelDimensions dims, WeightPrecision precision)
    {
        var inputs = string.Join(
            '\n',
            // fp32 adds nothing, so the embedded model's folder keeps its name.
            precision == WeightPrecision.Fp32 ? dims.ToString() : $"{dims} {precision}",
            FormattableString.Invariant($"merges {TokenizerVocabulary.MaxMerges}/{TokenizerVocabulary.MinPairCount} reply {OutputBias.MeanReplyTokens} thinking {ThinkingBudgetTokens}"),
            TrainingCorpus.Text,
            ChatMlTemplate.Jinja);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(inputs)))[..12];
    }
}
