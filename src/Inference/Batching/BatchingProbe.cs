using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Responses.Inference.Batching;

/// <summary>
/// Whether two prompts of different lengths, generated together in one padded batch, give each the greedy tokens
/// it gives alone. Batching must never change a request's output; whether it does depends on the graph (padding
/// it ignores, reductions whose rounding depends on the padded width), so it is tried at load, in milliseconds,
/// and a model that differs serves one generator per request.
/// </summary>
internal static class BatchingProbe
{
    private const int Generated = 8;

    /// <param name="padTokenId">Kept out of the prompts: a batch masks it (requests holding it run alone).</param>
    public static bool Reproduces(Model model, int padTokenId, ILogger logger)
    {
        // Any small ids do: the weights decide what follows, and both runs see the same tokens.
        int[][] prompts =
        [
            Enumerable.Range(0, 9).Select(i => 3 + (i * 7 % 50)).Where(t => t != padTokenId).ToArray(),
            Enumerable.Range(0, 23).Select(i => 5 + (i * 11 % 60)).Where(t => t != padTokenId).ToArray(),
        ];
        try
        {
            var batched = GenerateBatch(model, prompts);
            for (var i = 0; i < prompts.Length; i++)
            {
                var alone = GenerateBatch(model, [prompts[i]])[0];
                if (!alone.SequenceEqual(batched[i]))
                {
                    logger.LogInformation("A padded batch does not reproduce a lone generation on this model ({Batched} vs {Alone}); one generator per request.",
                        string.Join(',', batched[i]), string.Join(',', alone));
                    return false;
                }
            }
            return true;
        }
        catch (Exception ex) when (ex is OnnxRuntimeGenAIException or InvalidOperationException)
        {
            logger.LogInformation("Model cannot generate a padded batch ({Message}); one generator per request.", ex.Message.Split('\n', 2)[0]);
            return false;
        }
    }

    private static List<int>[] GenerateBatch(Model model, int[][] prompts)
    {
        using var parameters = new GeneratorParams(model);
        parameters.SetSearchOption("batch_size", prompts.Length);
        parameters.SetSearchOption("max_length", prompts.Max(p => p.Length) + Generated);
        parameters.SetSearchOption("do_sample", false);
        parameters.SetSearchOption("random_seed", 0); // an unset seed reads the OS random device
        using var generator = new Generator(model, parameters);
        using (var sequences = TokenSequences.Create(prompts))
            generator.AppendTokenSequences(sequences);
        var tokens = prompts.Select(_ => new List<int>(Generated)).ToArray();
        for (var step = 0; step < Generated && !generator.IsDone(); step++)
        {
            generator.GenerateNextToken();
            var next = generator.GetNextTokens();
            for (var i = 0; i < prompts.Length; i++)
                tokens[i].Add(next[i]);
        }
        return tokens;
    }
}
