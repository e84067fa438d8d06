using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Responses.Inference.Generation;

/// <summary>
/// One generation, run synchronously on a dedicated thread because every ORT GenAI call blocks: prefill, then one
/// token per step, each token's text through the model family's output parser (tool calls, thinking), writing
/// events the async caller reads. Cancellation is checked before every step, so a client
/// that leaves costs at most the step in flight. A generation that ends normally hands its generator to the prompt
/// cache, and one whose prompt extends a cached generator's tokens continues that one; every other exit disposes
/// the generator. terminate_session is
/// deliberately not used (calling IsDone() on a terminated generator kills the process).
/// </summary>
/// <param name="arenaShrink">Null when the model's arena cannot be shrunk or releasing memory is off.</param>
internal sealed class GenerationLoop(
    Model model,
    Tokenizer tokenizer,
    Prefiller prefiller,
    PromptCache cache,
    NativeAccess native,
    GenerationActivity activity,
    ArenaShrink? arenaShrink,
    OutputSyntax syntax,
    ILogger logger)
{
    private readonly int[] eosTokenIds = tokenizer.GetEosTokenIds().ToArray();

    public void Run(RenderedPrompt prompt, SearchPlan plan, OutputWriter output, CancellationToken cancellationToken)
    {
        activity.Started();
        try
        {
            output.Write(Generate(prompt, plan, output, cancellationToken), cancellationToken);
        }
        finally
        {
            activity.Ended();
        }
    }

    private GenerationFinished Generate(RenderedPrompt prompt, SearchPlan plan, OutputWriter output, CancellationToken cancellationToken)
    {
        var hit = cache.Take(prompt.TokenIds, plan);
        var capacity = hit?.Capacity ?? cache.CapacityFor(plan);
        var generator = hit is null ? StartFresh(prompt, plan, capacity, cancellationToken) : Continue(hit, prompt, plan, capacity, cancellationToken);
        var cached = generator.Reused;
        var kept = false;
        try
        {
            var finished = Decode(generator.Generator, prompt, plan, output, cancellationToken);
            // Only after a normal end: a cancelled or failed generation's state is not known to be whole.
            cache.Keep(generator.Generator, plan, capacity);
            kept = true;
            return finished with { Usage = finished.Usage with { CachedTokens = cached } };
        }
        finally
        {
            if (!kept)
                generator.Generator.Dispose();
        }
    }

    private (Generator Generator, int Reused) StartFresh(RenderedPrompt prompt, SearchPlan plan, int capacity, CancellationToken cancellationToken)
    {
        using var parameters = native.Serialized(() => new GeneratorParams(model));
        parameters.SetSearchOption("max_length", capacity);
        parameters.SetSearchOption("do_sample", plan.DoSample);
        parameters.SetSearchOption("temperature", plan.Temperature);
        parameters.SetSearchOption("top_p", plan.TopP);
        parameters.SetSearchOption("top_k", plan.TopK);
        parameters.SetSearchOption("random_seed", plan.RandomSeed);
        if (plan.Guidance is { } guidance)
            parameters.SetGuidance(guidance.Type, guidance.Data);
        return (prefiller.Start(parameters, prompt.TokenIds, cancellationToken), 0);
    }

    private (Generator Generator, int Reused) Continue(PromptCacheHit hit, RenderedPrompt prompt, SearchPlan plan, int capacity, CancellationToken cancellationToken)
    {
        try
        {
            return (prefiller.Continue(hit.Generator, prompt.TokenIds, hit.ReusedTokens, cancellationToken), hit.ReusedTokens);
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            // The probe at load passed, so this is unexpected: one fresh prefill now, and no cache from here on.
            logger.LogWarning(ex, "A cached generation could not be continued ({Message}); the prompt cache is off for this model.", ex.Message.Split('\n', 2)[0]);
            cache.Disable();
            return StartFresh(prompt, plan, capacity, cancellationToken);
        }
    }

    private GenerationFinished Decode(Generator generator, RenderedPrompt prompt, SearchPlan plan, OutputWriter output, CancellationToken cancellationToken)
    {
        using var decoder = new TokenDecoder(tokenizer, native, eosTokenIds, syntax, prompt);
        Action<OutputEvent> write = item => output.Write(item, cancellationToken);
        // A cached generator may have room beyond this request's max_length, so the loop holds to it itself.
        while (!generator.IsDone() && prompt.TokenCount + decoder.Generated < plan.MaxLength)
        {
            cancellationToken.ThrowIfCancellationRequested();
            generator.GenerateNextToken();
            // The first call only samples the prefill's logits; the second one ran the model, and shrank the arena.
            if (decoder.Generated == 1)
                arenaShrink?.NotOnNextRun(generator);
            activity.TokenGenerated();
            if (!decoder.Push(generator.GetNextTokens()[0], write))
                break; // end of sequence: IsDone() is now true
        }

        return decoder.Finish(write, logger);
    }
}
