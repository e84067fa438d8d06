using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Responses.Inference.Generation;

/// <summary>
/// Creates a generator and appends the prompt, in chunks when configured. Chunks bound the prefill's logits
/// buffer (chunk x vocabulary floats instead of prompt x vocabulary) and let cancellation land between them.
/// Some exports (older llama graphs with an attention-mask "reformat" subgraph) reject a multi-token append on
/// top of a cache: a probe at load finds them, and a failure at run time switches the model to single appends too.
/// </summary>
internal sealed class Prefiller
{
    private readonly Model model;
    private readonly NativeAccess native;
    private readonly int chunkTokens;
    private readonly ILogger logger;
    private volatile bool chunkingWorks;

    public Prefiller(Model model, NativeAccess native, int chunkTokens, ILogger logger)
    {
        this.model = model;
        this.native = native;
        this.chunkTokens = chunkTokens;
        this.logger = logger;
        chunkingWorks = chunkTokens > 0 && ProbeChunking();
    }

    public bool ChunkingWorks => chunkingWorks;

    public Generator Start(GeneratorParams parameters, int[] promptTokens, CancellationToken cancellationToken)
    {
        if (chunkingWorks && promptTokens.Length > chunkTokens)
        {
            var generator = NewGenerator(parameters);
            var appended = 0;
            try
            {
                AppendFrom(generator, promptTokens, ref appended, chunkTokens, cancellationToken);
                return generator;
            }
            // Only a failure on top of a cache says "no chunking"; a failing first chunk is a real error.
            catch (OnnxRuntimeGenAIException ex) when (appended > 0)
            {
                generator.Dispose();
                chunkingWorks = false;
                logger.LogWarning(ex, "Model rejects chunked prefill ({Message}); appending prompts in one step from now on.", ex.Message);
            }
            catch
            {
                generator.Dispose();
                throw;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var single = NewGenerator(parameters);
        try
        {
            single.AppendTokens(promptTokens);
            return single;
        }
        catch
        {
            single.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Rewinds a cached generator to the tokens it shares with the prompt and appends the rest, in chunks like a
    /// fresh prefill. The generator is disposed on failure; an ORT failure (not a cancellation) is the caller's
    /// cue to stop using the cache.
    /// </summary>
    public Generator Continue(Generator generator, int[] promptTokens, int reusedTokens, CancellationToken cancellationToken)
    {
        try
        {
            generator.RewindTo((ulong)reusedTokens);
            var appended = reusedTokens;
            AppendFrom(generator, promptTokens, ref appended, chunkingWorks ? chunkTokens : int.MaxValue, cancellationToken);
            return generator;
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    /// <summary>Appends the prompt from <paramref name="appended"/> on, <paramref name="step"/> tokens at a time; cancellation lands between steps.</summary>
    private static void AppendFrom(Generator generator, int[] promptTokens, ref int appended, int step, CancellationToken cancellationToken)
    {
        while (appended < promptTokens.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(step, promptTokens.Length - appended);
            generator.AppendTokens(promptTokens.AsSpan(appended, length));
            appended += length;
        }
    }

    private Generator NewGenerator(GeneratorParams parameters) => native.Serialized(() => new Generator(model, parameters));

    /// <summary>Two 2-token appends on a throwaway generator: milliseconds at load instead of a failed prefill later.</summary>
    private bool ProbeChunking()
    {
        try
        {
            using var parameters = new GeneratorParams(model);
            parameters.SetSearchOption("max_length", 8);
            parameters.SetSearchOption("random_seed", 0); // an unset seed reads the OS random device
            using var generator = new Generator(model, parameters);
            ReadOnlySpan<int> tokens = [0, 0];
            generator.AppendTokens(tokens);
            generator.AppendTokens(tokens);
            return true;
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            // ORT also prints the failing node to stderr once; this line says why it is harmless.
            logger.LogInformation("Model graph rejects chunked prefill ({Message}); prompts are appended in one step.", ex.Message.Split('\n', 2)[0]);
            return false;
        }
    }
}
