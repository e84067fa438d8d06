using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Responses.Inference.Native;
using Responses.Inference.Prompting;

namespace Responses.Inference.Engine;

/// <summary>
/// One served model: renders prompts on the caller's thread, and generates on its one loop (<see cref="StepLoop"/>),
/// which owns every generator, the batches, the prompt cache and the readers' back-pressure. Generations come in
/// through admission (<c>GenerationScheduler</c> leases) or, for tools and tests, directly; either way they become
/// sequences in the same loop.
/// </summary>
internal sealed class ModelEngine : ILanguageModel, IDisposable
{
    private readonly INativeModel native;
    private readonly ChatTemplateRenderer renderer;
    private readonly LanePlanner planner;
    private readonly StepLoop loop;
    private readonly LaneWorkers workers;
    private readonly ISeedSource seeds;
    private readonly OutputSyntax syntax;
    private readonly int defaultMaxOutputTokens;
    private volatile bool disposed;

    public ModelEngine(ModelInfo info, INativeModel native, ChatTemplateRenderer renderer, OutputSyntax syntax, EngineOptions options, ISeedSource seeds, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Info = info;
        this.native = native;
        this.renderer = renderer;
        this.seeds = seeds;
        this.syntax = syntax;
        defaultMaxOutputTokens = options.DefaultMaxOutputTokens;
        var found = native.Capabilities;
        Capabilities = new ModelCapabilities(
            PromptCache: options.PromptCacheEntries > 0 && options.PromptCacheMiB > 0 && found.Continues,
            ChunkedPrefill: options.PrefillChunkTokens > 0 && found.AppendsOnCache,
            Batching: options.MaxBatchSize > 1 && found.Batches,
            found.IntraOpThreads,
            found.Notes)
        {
            // A model run on fewer threads than there are cores leaves the rest to other lanes' runs.
            ParallelLanes = options.ParallelRuns ?? Math.Max(1, Environment.ProcessorCount / Math.Max(1, found.IntraOpThreads)),
        };
        var settings = new EngineSettings(
            PrefillChunkTokens: Capabilities.ChunkedPrefill ? options.PrefillChunkTokens : 0,
            MaxBatchSize: Capabilities.Batching ? options.MaxBatchSize : 1,
            // A batch prefills its prompts in one padded append: longer prompts run alone, in chunks.
            BatchPromptLimit: options.PrefillChunkTokens > 0 ? options.PrefillChunkTokens : 1024,
            BatchWindow: TimeSpan.FromMilliseconds(options.BatchWindowMilliseconds),
            StallTimeout: TimeSpan.FromSeconds(options.StalledReaderTimeoutSeconds),
            found.PadTokenId,
            options.ReleaseIdleMemory,
            Capabilities.ParallelLanes,
            TimeSpan.FromSeconds(options.ReleaseIdleMemoryAfterSeconds));
        var cache = new PromptCache(
            Capabilities.PromptCache ? options.PromptCacheEntries : 0, options.PromptCacheMiB * 1024L * 1024, found.KvBytesPerToken, found.SharesKvBuffer, found.ContextLength);
        planner = new LanePlanner(native, cache, settings, syntax, logger);
        workers = new LaneWorkers(Capabilities.ParallelLanes, info.Id);
        var runner = new LaneRunner(planner, settings, Activity, workers, logger);
        var release = options.ReleaseIdleMemory ? new IdleMemoryRelease(native, GlibcHeap.TryOpen(), logger) : null;
        loop = new StepLoop(planner, runner, workers, settings, release, info.Id, logger);
        logger.LogInformation("Model '{Id}': {Capabilities}.", info.Id, Capabilities);
    }

    public ModelInfo Info { get; }

    public ModelCapabilities Capabilities { get; }

    public GenerationActivity Activity { get; } = new();

    /// <summary>Kept generations (tests read its state).</summary>
    internal PromptCache PromptCache => planner.Cache;

    /// <summary>Sequences that ran in a batch so far (tests read it).</summary>
    internal long RowsBatched => planner.RowsBatched;

    /// <summary>Passes of the loop in which several lanes' model runs went at once (tests read it).</summary>
    internal long ParallelPasses => workers.ParallelPasses;

    public RenderedPrompt Render(ChatPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ObjectDisposedException.ThrowIf(disposed, this);
        var rendered = renderer.Render(prompt);
        if (Guidance.For(prompt) is { } guidance)
            EnsureCompiles(guidance, rendered.TokenCount, Guidance.IsToolCall(prompt));
        return rendered;
    }

    public long EstimateMemoryBytes(RenderedPrompt prompt, SamplingSettings sampling)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(sampling);
        var maxLength = SearchPlan.MaxLengthFor(sampling, prompt.TokenCount, Info.ContextLength, defaultMaxOutputTokens);
        // What the lane a lone generation gets allocates: the loop resizes it to the lane it really runs in.
        var capacity = Guidance.For(prompt.Source) is null ? planner.Cache.CapacityFor(maxLength) : maxLength;
        return planner.Cache.KvBytesFor(capacity, maxLength);
    }

    public IAsyncEnumerable<OutputEvent> GenerateAsync(RenderedPrompt prompt, SamplingSettings sampling, CancellationToken cancellationToken) =>
        GenerateAsync(prompt, sampling, hook: null, reservation: null, cancellationToken);

    /// <summary>
    /// Generates as one sequence of the loop. Ends with <see cref="GenerationFinished"/> unless cancelled; the
    /// enumeration ends only once the loop has let go of the sequence, so its memory is free when the caller's
    /// lease is.
    /// </summary>
    internal async IAsyncEnumerable<OutputEvent> GenerateAsync(
        RenderedPrompt prompt, SamplingSettings sampling, IStepHook? hook, IReservation? reservation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ObjectDisposedException.ThrowIf(disposed, this);
        // Before any native work: a bad request never costs a prefill.
        // The request's own stages, in order: penalties and bias change the logits, then the caller's hook (a test's)
        // and the log probabilities see them as the token is picked from them.
        var logprobs = sampling.TopLogprobs is { } top ? new LogprobRecorder(top, sampling.Temperature) : null;
        var hooks = StepHooks.Combine(StepHooks.Combine(StepHooks.Combine(LogitAdjustments.For(sampling), BudgetFor(prompt)), hook), logprobs);
        var sequence = new Sequence(prompt, Plan(prompt, sampling), hooks, reservation, Activity, loop.Wake)
        {
            Stop = sampling.Stop,
            Logprobs = logprobs,
        };
        try
        {
            loop.Submit(sequence);
        }
        catch (ObjectDisposedException ex)
        {
            sequence.Fail(ex);
            throw;
        }

        var finished = false;
        using var registration = cancellationToken.UnsafeRegister(static state => ((Sequence)state!).Cancel(), sequence);
        try
        {
            await foreach (var item in sequence.Output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                sequence.Output.Consumed();
                yield return item;
            }
            finished = true;
        }
        finally
        {
            if (!finished)
            {
                // Closing first means the loop never writes for a reader that left; the cancel then ends it at its next step.
                sequence.Output.Close();
                sequence.Cancel();
            }
            await sequence.Retired.Task.ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        // The loop frees every generator it holds on its own thread; the native model only after it has stopped.
        if (loop.Stop())
        {
            workers.Dispose();
            native.Dispose();
        }
    }

    /// <summary>The thinking budget's hook when the model has one and the prompt left a think block open (not under guidance, which decides every token).</summary>
    private IStepHook? BudgetFor(RenderedPrompt prompt) =>
        syntax.Budget is { } budget && Guidance.For(prompt.Source) is null && Parsing.OutputParsers.StartsInReasoning(prompt.Text) ? budget.Start() : null;

    private SearchPlan Plan(RenderedPrompt prompt, SamplingSettings sampling)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        var plan = SearchPlan.Create(sampling, prompt.TokenCount, Info.ContextLength, defaultMaxOutputTokens, seeds);
        return plan with { Guidance = Guidance.For(prompt.Source), ExplicitSeed = sampling.Seed is not null && plan.DoSample };
    }

    private void EnsureCompiles(GuidanceSpec guidance, int promptTokens, bool fromToolParameters)
    {
        try
        {
            native.EnsureGuidanceCompiles(guidance, promptTokens);
        }
        catch (InferenceException ex)
        {
            throw new OutputConstraintException(
                fromToolParameters
                    ? $"The tool parameters cannot be enforced for a required tool call: {ex.Message}"
                    : $"The JSON schema in text.format cannot be enforced: {ex.Message}",
                fromToolParameters,
                ex);
        }
    }
}
