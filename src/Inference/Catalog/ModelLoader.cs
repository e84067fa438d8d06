using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Responses.Inference.EmbeddedModel;
using Responses.Inference.Engine;
using Responses.Inference.Hub;
using Responses.Inference.Ort;
using Responses.Inference.Parsing;
using Responses.Inference.Prompting;

namespace Responses.Inference.Catalog;

/// <summary>
/// Loads one served model and says what it does: which folder, how big, how long, and how much resident memory it
/// took. Several models each hold their weights, so the memory line is what a user reads to size the machine.
/// </summary>
internal sealed class ModelLoader(InferenceOptions options, ISeedSource seeds, ILoggerFactory loggerFactory, HubModelPuller hub)
{
    private readonly ILogger logger = loggerFactory.CreateLogger<ModelCatalog>();

    /// <exception cref="ModelLoadException">The folder, its config, the model or the template is unusable.</exception>
    public ModelEngine Load(ServedModel served)
    {
        var folder = served.Hub is { } source ? hub.Pull(source) : served.Folder ?? WriteEmbeddedModel(served.Vision);
        logger.LogInformation("Loading model '{Id}' from {Folder} ({Size})...", served.Id, folder, Size(FolderBytes(folder)));
        var residentBefore = ResidentBytes();
        var clock = Stopwatch.StartNew();
        var model = Open(folder, served.Id, options, seeds, loggerFactory.CreateLogger<ModelEngine>());
        var resident = ResidentBytes();
        logger.LogInformation("Loaded model '{Id}' (context {Context} tokens) in {Ms:F0} ms; resident memory +{Delta}, now {Resident}.",
            served.Id, model.Info.ContextLength, clock.Elapsed.TotalMilliseconds, Size(resident - residentBefore), Size(resident));
        return model;
    }

    /// <summary>
    /// Loads a model folder on the CPU (probing what its graph can do), sets up its chat template, and starts its
    /// engine. The template is the configured override, else the folder's own, else a ChatML fallback.
    /// </summary>
    /// <exception cref="ModelLoadException">The folder, its config, the model or the template is unusable.</exception>
    internal static ModelEngine Open(string path, string id, InferenceOptions options, ISeedSource seeds, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var cache = options.PromptCacheEntries > 0 && options.PromptCacheMiB > 0;
        var native = OrtModel.Load(
            path,
            new OrtLoadSettings(
                options.Threads,
                ProbeChunking: cache || options.PrefillChunkTokens > 0,
                ProbeContinuation: cache,
                ProbeBatching: options.MaxBatchSize > 1),
            logger);
        try
        {
            var template = options.ChatTemplate ?? native.Folder.ChatTemplate;
            if (template is null)
            {
                logger.LogWarning("Model '{Id}' at {Path} has no chat template; using a ChatML fallback, which may not be what the model was trained on.", id, path);
                template = FallbackChatTemplate.Jinja;
            }
            var tokenizer = native.Tokenizer;
            ChatTemplateProbe.EnsureRenders(tokenizer, template, path);
            // The tokenizer's own template was parsed once at load; passing the text would parse it on every request.
            var perCall = options.ChatTemplate is null && ChatTemplateProbe.RendersLikeTokenizer(tokenizer, template) ? null : template;
            var capabilities = TemplateCapabilityProbe.Probe(tokenizer, perCall, template);
            var renderer = new ChatTemplateRenderer(tokenizer, perCall, template, capabilities, native.Capabilities.ContextLength, native.ImageMarkup);
            // A template that cannot render tools is taught Hermes markup as text (ToolPromptFallback), so that is what to read back.
            var syntax = new OutputSyntax(
                capabilities.RendersTools ? ToolCallSyntaxDetector.Detect(template) : ToolCallSyntax.Hermes,
                ReasoningSyntaxDetector.Thinks(template),
                BudgetOf(native.Folder.ThinkingBudget, tokenizer));
            logger.LogDebug("Model '{Id}' ({Type}): tool calls as {Syntax}, thinking {Thinks}, template renders tools {Tools} and tool turns {Turns}.",
                id, native.ModelType, syntax.ToolCalls, syntax.Thinks, capabilities.RendersTools, capabilities.RendersToolCalls);
            var info = new ModelInfo(id, native.Capabilities.ContextLength, path, clock.Elapsed) { AcceptsImages = native.ImageMarkup is not null };
            return new ModelEngine(info, native, renderer, syntax, EngineOptionsOf(options), seeds, logger);
        }
        catch
        {
            native.Dispose();
            throw;
        }
    }

    /// <summary>The folder's thinking budget, when it sets one and "&lt;/think&gt;" is one token the hook can raise.</summary>
    private static ThinkingBudget? BudgetOf(int tokens, Native.INativeTokenizer tokenizer) =>
        tokens > 0 && tokenizer.Encode("</think>") is [var close] ? new ThinkingBudget(close, tokens, tokenizer.EosTokenIds) : null;

    private static EngineOptions EngineOptionsOf(InferenceOptions options) => new(
        options.DefaultMaxOutputTokens,
        options.PromptCacheEntries,
        options.PromptCacheMiB,
        options.PrefillChunkTokens,
        options.MaxBatchSize,
        options.BatchWindowMilliseconds,
        options.StalledReaderTimeoutSeconds,
        options.ReleaseIdleMemory,
        options.ParallelRuns,
        options.ReleaseIdleMemoryAfterSeconds);

    /// <param name="vision">The tiny vision model rather than the text one.</param>
    private string WriteEmbeddedModel(bool vision)
    {
        var cache = CacheDirectoryResolver.Resolve(options.CacheDirectory);
        Func<string, string> folderIn = vision ? new VisionModelWriter().FolderIn : new EmbeddedModelWriter().FolderIn;
        Func<string, string> write = vision ? new VisionModelWriter().EnsureWritten : new EmbeddedModelWriter().EnsureWritten;
        try
        {
            var target = folderIn(cache);
            if (Directory.Exists(target))
                return target;
            // The first run writes a few megabytes; say so, since it happens once and looks like a stall otherwise.
            logger.LogInformation("Writing the embedded model to {Folder} (first run)...", target);
            var clock = Stopwatch.StartNew();
            var folder = write(cache);
            logger.LogInformation("Wrote the embedded model ({Size}) in {Ms:F0} ms.", Size(FolderBytes(folder)), clock.Elapsed.TotalMilliseconds);
            return folder;
        }
        catch (Exception ex) when (ex is not ModelLoadException)
        {
            throw new ModelLoadException($"Could not write the embedded model under '{cache}': {ex.Message}", ex);
        }
    }

    /// <summary>The files directly in the folder (the ONNX graph and its external weights, the tokenizer).</summary>
    private static long FolderBytes(string folder) =>
        Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles().Sum(file => file.Length) : 0;

    private static long ResidentBytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    internal static string Size(long bytes)
    {
        var sign = bytes < 0 ? "-" : "";
        double value = Math.Abs(bytes);
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return sign + value.ToString(unit == 0 ? "F0" : "F1", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
