using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Responses.Inference.Generation;

/// <summary>
/// Whether a finished generator, rewound and continued with a longer prompt, produces the same greedy tokens as a
/// fresh one on that prompt: milliseconds at load instead of wrong answers later. Exports that cannot rewind their
/// KV cache or append on top of it (older llama graphs) throw or differ here, and their model serves without a cache.
/// </summary>
internal static class PromptCacheProbe
{
    private const int PromptTokens = 40;
    private const int Generated = 4;
    private const int MaxLength = 128;

    public static bool Continues(Model model, ILogger logger)
    {
        try
        {
            // Any small ids do: the weights decide what follows, and both runs see the same tokens.
            var first = Enumerable.Range(0, PromptTokens).Select(i => 3 + (i * 7 % 50)).ToArray();
            using var cached = NewGenerator(model);
            cached.AppendTokens(first);
            Generate(cached);
            var held = cached.GetSequence(0).ToArray();
            int[] extended = [.. held, .. Enumerable.Range(0, 6).Select(i => 5 + i)];

            var reused = PromptCache.ReusableLength(extended.Length, held.Length);
            cached.RewindTo((ulong)reused);
            cached.AppendTokens(extended.AsSpan(reused));
            var continued = Generate(cached);

            using var fresh = NewGenerator(model);
            fresh.AppendTokens(extended);
            var expected = Generate(fresh);
            if (continued.SequenceEqual(expected))
                return true;
            logger.LogWarning("A rewound generator does not continue like a fresh one on this model ({Continued} vs {Expected}); serving without a prompt cache.",
                string.Join(',', continued), string.Join(',', expected));
            return false;
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            logger.LogInformation("Model cannot rewind and continue a generation ({Message}); serving without a prompt cache.", ex.Message.Split('\n', 2)[0]);
            return false;
        }
    }

    private static Generator NewGenerator(Model model)
    {
        using var parameters = new GeneratorParams(model);
        parameters.SetSearchOption("max_length", MaxLength);
        parameters.SetSearchOption("do_sample", false);
        parameters.SetSearchOption("top_k", 1);
        parameters.SetSearchOption("random_seed", 0); // an unset seed reads the OS random device
        return new Generator(model, parameters);
    }

    private static List<int> Generate(Generator generator)
    {
        var tokens = new List<int>(Generated);
        for (var i = 0; i < Generated && !generator.IsDone(); i++)
        {
            generator.GenerateNextToken();
            tokens.Add(generator.GetNextTokens()[0]);
        }
        return tokens;
    }
}
