using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntimeGenAI;
using Responses.Inference.Native;

namespace Responses.Inference.Ort;

/// <summary>
/// One ORT GenAI model folder, loaded on the CPU: the native Model and Tokenizer, the generators made from them,
/// and what the load's probes found the graph can do. The engine owns it and disposes it after its loop, the only
/// user of generators, has stopped; <see cref="OrtAccess"/> makes the tokenizer calls of request threads wait.
/// </summary>
internal sealed class OrtModel : INativeModel
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Below this hidden size a model runs on one thread: its matrix products take microseconds, less than handing
    /// half of them to another thread and waiting for it costs (the embedded model, hidden 64, decoded at 6.4k tok/s
    /// on two threads and 13.1k on one; the bench-size model, hidden 512, 20% faster on two).
    /// </summary>
    internal const int ParallelHiddenSize = 256;

    private readonly Model model;
    private readonly Tokenizer tokenizer;
    private readonly OrtAccess access = new();
    private readonly OrtImageInput? images;
    private readonly ILogger logger;
    private bool hasArena = true;
    private bool disposed;

    private OrtModel(Model model, Tokenizer tokenizer, ModelFolder folder, ILogger logger)
    {
        this.model = model;
        this.tokenizer = tokenizer;
        this.logger = logger;
        Folder = folder;
        Tokenizer = new OrtTokenizer(tokenizer, access);
        ModelType = model.GetModelType();
        ImageMarkup = Prompting.ImageMarkup.For(ModelType);
        if (ImageMarkup is not null)
            images = new OrtImageInput(new MultiModalProcessor(model), access);
    }

    public INativeTokenizer Tokenizer { get; }

    public NativeCapabilities Capabilities { get; private set; } = null!;

    /// <summary>What was read from the folder before ORT saw it (the chat template among it).</summary>
    public ModelFolder Folder { get; }

    /// <summary>genai_config's model.type (llama, phi3, qwen2, ...).</summary>
    public string ModelType { get; }

    /// <summary>How the model's processor marks an image in a prompt; null: the model is given text only.</summary>
    public Prompting.ImageMarkup? ImageMarkup { get; }

    /// <summary>Loads a folder and probes its graph.</summary>
    /// <exception cref="ModelLoadException">The folder, its config or its model is unusable.</exception>
    public static OrtModel Load(string path, OrtLoadSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var folder = ModelFolder.Read(path);
        var threads = settings.Threads ?? DefaultThreads(folder);
        Model? model = null;
        Tokenizer? tokenizer = null;
        try
        {
            var rewrite = RewriteGraph(folder, logger);
            using (var config = new Config(path))
            {
                // This build is CPU-only; a folder exported for CUDA/DML would otherwise fail on its provider.
                config.ClearProviders();
                config.Overlay(ThreadsOverlay(threads));
                if (rewrite is { } graph)
                    config.AddModelData(folder.DecoderFile!, graph.Bytes);
                model = new Model(config);
                // ORT reads the graph's bytes until the model exists; the pinned array must live that long.
                GC.KeepAlive(rewrite);
            }
            tokenizer = new Tokenizer(model);
            var loaded = new OrtModel(model, tokenizer, folder, logger);
            loaded.Capabilities = OrtProbes.Run(loaded, folder, settings with { Threads = threads }, rewrite?.Description, logger);
            return loaded;
        }
        catch (Exception ex) when (ex is OnnxRuntimeGenAIException or InferenceException)
        {
            tokenizer?.Dispose();
            model?.Dispose();
            throw new ModelLoadException($"ONNX Runtime GenAI could not load the model in '{path}': {OrtCalls.FirstLine(ex.Message)}", ex);
        }
    }

    public INativeGenerator CreateGenerator(GeneratorSettings settings) => access.Serialized(() =>
    {
        try
        {
            using var parameters = new GeneratorParams(model);
            parameters.SetSearchOption("batch_size", settings.BatchSize);
            parameters.SetSearchOption("max_length", settings.MaxLength);
            parameters.SetSearchOption("do_sample", settings.DoSample);
            parameters.SetSearchOption("temperature", settings.Temperature);
            parameters.SetSearchOption("top_p", settings.TopP);
            parameters.SetSearchOption("top_k", settings.TopK);
            parameters.SetSearchOption("random_seed", settings.RandomSeed);
            if (settings.Guidance is { } guidance)
                parameters.SetGuidance(guidance.Type, guidance.Data, false);
            return (INativeGenerator)new OrtGenerator(new Generator(model, parameters), settings.BatchSize, images);
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            throw OrtCalls.Translate(ex);
        }
    });

    /// <remarks>
    /// The engine reports a grammar it cannot compile only when a generator is created; compiling costs well under a
    /// millisecond once it has indexed the vocabulary (its first grammar, about 10 ms).
    /// </remarks>
    public void EnsureGuidanceCompiles(GuidanceSpec guidance, int promptTokens)
    {
        using var generator = CreateGenerator(new GeneratorSettings(1, promptTokens + 1, false, 1, 1, 1, 0) { Guidance = guidance });
    }

    /// <summary>
    /// A one-token run whose only purpose is the shrink at its end: outside a generation nothing else runs the
    /// session, and ORT shrinks the arena only at the end of a run. A session without an arena (genai_config
    /// "enable_cpu_mem_arena": false) fails every run that asks for a shrink, so the first failure turns it off.
    /// </summary>
    public bool ShrinkArena()
    {
        if (!hasArena)
            return false;
        try
        {
            // Any id: the logits are thrown away. An unset seed would read the OS random device.
            using var generator = (OrtGenerator)CreateGenerator(new GeneratorSettings(1, 2, false, 1, 1, 1, 0));
            generator.ShrinkArenaAfterRuns();
            generator.Append([0]);
            return true;
        }
        catch (InferenceException ex)
        {
            hasArena = false;
            logger.LogInformation("The model's CPU arena cannot be shrunk ({Message}); its memory is kept after long prompts.", ex.Message);
            return false;
        }
    }

    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        if (!access.TryClose(DisposeWait))
        {
            // Freeing under a running call would crash the process; leaking at shutdown does not.
            logger.LogError("Calls into the model did not end within {Wait}; its native memory is left to the process exit.", DisposeWait);
            return;
        }
        images?.Dispose();
        tokenizer.Dispose();
        model.Dispose();
    }

    /// <summary>
    /// The decoder graph with its causal mask repaired (<see cref="AttentionMaskRewrite"/>), in a pinned array: the C API
    /// reads it after the wrapper's call returns, when the garbage collector could otherwise have moved it.
    /// </summary>
    private static (byte[] Bytes, string Description)? RewriteGraph(ModelFolder folder, ILogger logger)
    {
        if (folder.DecoderFile is not { } file || AttentionMaskRewrite.RewrittenGraph(folder.Path, file, logger, out var description) is not { } graph)
            return null;
        var pinned = GC.AllocateUninitializedArray<byte>(graph.Length, pinned: true);
        graph.CopyTo(pinned, 0);
        return (pinned, $"rewrote the decoder graph's causal mask so it takes multi-token appends on a cache: {description}");
    }

    /// <summary>Every core for a model big enough to use them, one thread for a tiny one.</summary>
    private static int DefaultThreads(ModelFolder folder) =>
        folder.HiddenSize is > 0 and < ParallelHiddenSize ? 1 : Math.Clamp(Environment.ProcessorCount, 1, 64);

    private static string ThreadsOverlay(int threads) =>
        """{"model":{"decoder":{"session_options":{"intra_op_num_threads":""" + threads.ToString(CultureInfo.InvariantCulture) + "}}}}";
}

/// <summary>How to load a folder: the threads of one model run, and which probes the configuration needs.</summary>
/// <param name="Threads">ONNX Runtime's intra-op threads for one model run; null: every core, or one for a model whose hidden size is below <see cref="OrtModel.ParallelHiddenSize"/>.</param>
/// <param name="ProbeChunking">Whether a multi-token append on top of a cache is tried (chunked prefill or a prompt cache is on).</param>
/// <param name="ProbeContinuation">Whether a rewound, continued generator is compared with a fresh one (the prompt cache is on).</param>
/// <param name="ProbeBatching">Whether a padded batch is compared with lone generations (batching is on).</param>
internal sealed record OrtLoadSettings(int? Threads, bool ProbeChunking, bool ProbeContinuation, bool ProbeBatching);
