using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntimeGenAI;
using Responses.Inference.Batching;
using Responses.Inference.Scheduling;
using Responses.Inference.Catalog;
using Responses.Inference.Generation;
using Responses.Inference.Parsing;
using Responses.Inference.Prompting;

namespace Responses.Inference.Models;

/// <summary>
/// One loaded ORT GenAI model folder. Owns the native Model and Tokenizer: generations hold a read lock while
/// they use them, and <see cref="Dispose"/> cancels them and takes the write lock before freeing anything, so no
/// native handle is touched after it is released. When the last running generation ends, the native memory it
/// left behind is returned in the background (<see cref="IdleMemoryRelease"/>).
/// </summary>
public sealed class OrtLanguageModel : ILanguageModel, IDisposable
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);

    private readonly Model model;
    private readonly Tokenizer tokenizer;
    private readonly NativeAccess native = new();
    private readonly ChatTemplateRenderer renderer;
    private readonly GenerationLoop loop;
    private readonly ISeedSource seeds;
    private readonly int defaultMaxOutputTokens;
    private readonly TimeSpan stallTimeout;
    private readonly ILogger logger;
    // Recursion allowed: a generation's reader runs inline on its worker thread (OutputWriter), inside the worker's
    // read lock, and a reader that renders its next prompt on this model there must not be refused.
    private readonly ReaderWriterLockSlim nativeUse = new(LockRecursionPolicy.SupportsRecursion);
    private readonly CancellationTokenSource shutdown = new();
    private readonly IdleMemoryRelease memoryRelease;
    private readonly PromptCache promptCache;
    private readonly GenerationThreads threads = new();
    private readonly BatchCollector? batches;
    private readonly SemaphoreSlim? loneSlots;
    private readonly int batchPromptLimit;
    private readonly int padTokenId;
    private volatile bool disposed;
    private int releaseQueued;

    private OrtLanguageModel(ModelInfo info, ModelFolder folder, Model model, Tokenizer tokenizer, string? template, string templateText, InferenceOptions options, ISeedSource seeds, ILogger logger)
    {
        Info = info;
        this.model = model;
        this.tokenizer = tokenizer;
        this.seeds = seeds;
        this.logger = logger;
        defaultMaxOutputTokens = options.DefaultMaxOutputTokens;
        stallTimeout = TimeSpan.FromSeconds(options.StalledReaderTimeoutSeconds);
        var capabilities = TemplateCapabilityProbe.Probe(tokenizer, template, templateText);
        renderer = new ChatTemplateRenderer(tokenizer, template, templateText, capabilities, info.ContextLength, native);
        var arenaShrink = options.ReleaseIdleMemory ? ArenaShrink.TryCreate(model, native, logger) : null;
        var heap = options.ReleaseIdleMemory ? GlibcHeap.TryOpen() : null;
        memoryRelease = new IdleMemoryRelease(arenaShrink, heap, logger);
        // A template that cannot render tools is taught Hermes markup as text (ToolPromptFallback), so that is what to read back.
        var syntax = new OutputSyntax(
            capabilities.RendersTools ? ToolCallSyntaxDetector.Detect(templateText) : ToolCallSyntax.Hermes,
            ReasoningSyntaxDetector.Thinks(templateText));
        logger.LogDebug("Model '{Id}': tool calls as {Syntax}, thinking {Thinks}, template renders tools {Tools} and tool turns {Turns}.",
            info.Id, syntax.ToolCalls, syntax.Thinks, capabilities.RendersTools, capabilities.RendersToolCalls);
        promptCache = new PromptCache(options.PromptCacheEntries, options.PromptCacheMiB * 1024L * 1024, folder.KvBytesPerToken, folder.SharesKvBuffer, info.ContextLength);
        if (promptCache.Enabled && !PromptCacheProbe.Continues(model, logger))
            promptCache.Disable();
        loop = new GenerationLoop(model, tokenizer, new Prefiller(model, native, options.PrefillChunkTokens, logger), promptCache, native, Activity, arenaShrink, syntax, logger);
        // A batch prefills its prompts in one padded append: longer prompts run alone, in chunks.
        batchPromptLimit = options.PrefillChunkTokens > 0 ? options.PrefillChunkTokens : 1024;
        padTokenId = folder.PadTokenId;
        if (options.MaxBatchSize > 1 && BatchingProbe.Reproduces(model, padTokenId, logger))
        {
            var runner = new BatchRunner(model, tokenizer, native, Activity, syntax, logger);
            batches = new BatchCollector(options.MaxBatchSize, TimeSpan.FromMilliseconds(options.BatchWindowMilliseconds), rows => StartBatch(runner, rows));
        }
        // The scheduler's default concurrency rises to the batch size whether or not this model batches.
        if (options.MaxBatchSize > 1)
            loneSlots = new SemaphoreSlim(options.MaxLoneGenerations ?? SchedulerOptions.OnePerCore);
    }

    /// <summary>Whether requests that arrive together may share a batch (tests read it).</summary>
    internal bool Batches => batches is not null;

    /// <summary>Requests that ran in a batch so far (tests read it).</summary>
    internal long RowsBatched => batches?.RowsBatched ?? 0;

    public ModelInfo Info { get; }

    public GenerationActivity Activity { get; } = new();

    /// <summary>Finished generations kept for prompts that continue them (tests read its state).</summary>
    internal PromptCache PromptCache => promptCache;

    /// <summary>Loads a model folder on the CPU.</summary>
    /// <param name="options">The chat template override (null: the folder's own, or ChatML when it has none), prefill chunking and output limits.</param>
    /// <exception cref="ModelLoadException">The folder, its config, the model or the template is unusable.</exception>
    public static OrtLanguageModel Load(string path, string id, InferenceOptions options, ISeedSource seeds, ILogger<OrtLanguageModel> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var folder = ModelFolder.Read(path);
        Model? model = null;
        Tokenizer? tokenizer = null;
        try
        {
            using (var config = new Config(path))
            {
                // This build is CPU-only; a folder exported for CUDA/DML would otherwise fail on its provider.
                config.ClearProviders();
                model = new Model(config);
            }
            tokenizer = new Tokenizer(model);
            var chatTemplate = options.ChatTemplate;
            var template = chatTemplate ?? folder.ChatTemplate;
            if (template is null)
            {
                logger.LogWarning("Model '{Id}' at {Path} has no chat template; using a ChatML fallback, which may not be what the model was trained on.", id, path);
                template = FallbackChatTemplate.Jinja;
            }
            ChatTemplateProbe.EnsureRenders(tokenizer, template, path);
            var rendered = chatTemplate is null && ChatTemplateProbe.RendersLikeTokenizer(tokenizer, template) ? null : template;

            var info = new ModelInfo(id, folder.ContextLength, path, clock.Elapsed);
            // The catalog's loader says it at Information, with the memory the model took.
            logger.LogDebug("Loaded model '{Id}' ({Type}, context {Context}) from {Path} in {Ms:F0} ms.",
                id, model.GetModelType(), info.ContextLength, path, info.LoadTime.TotalMilliseconds);
            return new OrtLanguageModel(info, folder, model, tokenizer, rendered, template, options, seeds, logger);
        }
        catch (Exception ex)
        {
            tokenizer?.Dispose();
            model?.Dispose();
            if (ex is ModelLoadException)
                throw;
            throw new ModelLoadException($"ONNX Runtime GenAI could not load the model in '{path}': {ex.Message}", ex);
        }
    }

    public RenderedPrompt Render(ChatPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        EnterNativeUse();
        try
        {
            var rendered = renderer.Render(prompt);
            if (Guidance.For(prompt) is { } guidance)
                GuidanceCheck.EnsureCompiles(model, native, guidance, rendered.TokenCount, Guidance.IsToolCall(prompt));
            return rendered;
        }
        finally
        {
            nativeUse.ExitReadLock();
        }
    }

    public long EstimateMemoryBytes(RenderedPrompt prompt, SamplingSettings sampling)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(sampling);
        return promptCache.KvBytesFor(SearchPlan.MaxLengthFor(sampling, prompt.TokenCount, Info.ContextLength, defaultMaxOutputTokens));
    }

    public async IAsyncEnumerable<OutputEvent> GenerateAsync(
        RenderedPrompt prompt, SamplingSettings sampling, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ObjectDisposedException.ThrowIf(disposed, this);
        // Before any native work: a bad request never costs a prefill.
        var plan = Plan(prompt, sampling);
        using var counted = batches?.Enter();
        // Company is only looked for while others run: a request on an idle model starts at once (Join says the same).
        if (batches is { Busy: true } && Batchable(prompt, plan))
        {
            var row = new BatchRow(prompt, plan, shutdown.Token);
            try
            {
                if (await batches.Join(row).ConfigureAwait(false))
                {
                    await foreach (var item in row.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                        yield return item;
                    yield break;
                }
            }
            finally
            {
                row.Abandon();
            }
        }

        // Stops the worker when the caller cancels, stops enumerating early, or the model is disposed.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown.Token);
        if (loneSlots is not null)
            await loneSlots.WaitAsync(stop.Token).ConfigureAwait(false);
        try
        {
            using var output = new OutputWriter(stallTimeout);
            // A generation thread of its own: the native calls block, and the caller's context must stay free.
            var worker = threads.Run(() => RunOnWorker(prompt, plan, output, stop.Token));
            try
            {
                await foreach (var item in output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    output.Consumed();
                    yield return item;
                }
            }
            finally
            {
                // Closing first means the worker never waits for a reader that left; the cancellation then stops it at
                // its next step.
                output.Close();
                await stop.CancelAsync().ConfigureAwait(false);
                await worker.ConfigureAwait(false); // never faults: errors travel through the channel
            }
        }
        finally
        {
            loneSlots?.Release();
        }
    }

    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        shutdown.Cancel();
        if (!nativeUse.TryEnterWriteLock(DisposeWait))
        {
            // Freeing under a running generation would crash the process; leaking at shutdown does not.
            logger.LogError("Generations on '{Id}' did not stop within {Wait}; native memory is left to the process exit.", Info.Id, DisposeWait);
            return;
        }
        // Cached generators hold the model's sessions: freed first, under the write lock like everything native.
        promptCache.Dispose();
        tokenizer.Dispose();
        model.Dispose();
        nativeUse.ExitWriteLock();
        threads.Dispose();
        shutdown.Dispose();
    }

    private SearchPlan Plan(RenderedPrompt prompt, SamplingSettings sampling)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        var plan = SearchPlan.Create(sampling, prompt.TokenCount, Info.ContextLength, defaultMaxOutputTokens, seeds);
        return plan with { Guidance = Guidance.For(prompt.Source), ExplicitSeed = sampling.Seed is not null && plan.DoSample };
    }

    private bool Batchable(RenderedPrompt prompt, SearchPlan plan) =>
        plan.Guidance is null && !plan.ExplicitSeed && prompt.TokenCount <= batchPromptLimit
        // A batch masks the pad token out wherever it is; alone it is read like any other.
        && Array.IndexOf(prompt.TokenIds, padTokenId) < 0
        && !promptCache.Holds(prompt.TokenIds, plan);

    private void StartBatch(BatchRunner runner, IReadOnlyList<BatchRow> rows) =>
        // A kept thread like a lone generation's: every native call blocks.
        threads.Run(() =>
        {
            try
            {
                EnterNativeUse();
            }
            catch (ObjectDisposedException ex)
            {
                foreach (var row in rows)
                    row.Complete(ex);
                return;
            }
            try
            {
                runner.Run(rows);
            }
            finally
            {
                nativeUse.ExitReadLock();
                if (Activity.Active == 0)
                    QueueMemoryRelease();
            }
        });

    private void RunOnWorker(RenderedPrompt prompt, SearchPlan plan, OutputWriter output, CancellationToken stop)
    {
        try
        {
            EnterNativeUse();
        }
        catch (ObjectDisposedException ex)
        {
            output.Complete(ex);
            return;
        }
        try
        {
            loop.Run(prompt, plan, output, stop);
            output.Complete();
        }
        catch (Exception ex)
        {
            // The reader rethrows it; OperationCanceledException included.
            output.Complete(ex);
        }
        finally
        {
            nativeUse.ExitReadLock();
            if (Activity.Active == 0)
                QueueMemoryRelease();
        }
    }

    private void QueueMemoryRelease()
    {
        if (!memoryRelease.HasWork || Interlocked.Exchange(ref releaseQueued, 1) == 1)
            return;
        // On the pool, not on this worker: the caller awaits the worker, and its last event must not wait for the release.
        _ = Task.Run(ReleaseMemoryIfIdle);
    }

    private void ReleaseMemoryIfIdle()
    {
        Volatile.Write(ref releaseQueued, 0);
        try
        {
            EnterNativeUse();
        }
        catch (ObjectDisposedException)
        {
            return; // disposing frees everything anyway
        }
        try
        {
            // A generation that started meanwhile releases when it ends; shrinking under it would only cost it time.
            if (Activity.Active == 0)
                memoryRelease.Run();
        }
        finally
        {
            nativeUse.ExitReadLock();
        }
    }

    private void EnterNativeUse()
    {
        nativeUse.EnterReadLock();
        if (disposed)
        {
            nativeUse.ExitReadLock();
            throw new ObjectDisposedException(nameof(OrtLanguageModel));
        }
    }
}
