using Microsoft.Extensions.Logging;
using Responses.Inference.Native;

namespace Responses.Inference.Ort;

/// <summary>
/// What a loaded graph can do, tried at load in milliseconds instead of found out by a failed or wrong request:
/// whether it takes a multi-token append on top of a KV cache (chunked prefill, continuing a kept generation), whether
/// a rewound generator continues exactly like a fresh one (the prompt cache), and whether a padded batch gives each
/// row its lone greedy tokens (batching). Exports fail these in known ways (older model-builder llama graphs reject a
/// second multi-token append; lfm2 cannot rewind); each failure is one line in the log, saying what is off and why.
/// </summary>
internal static class OrtProbes
{
    private const int Generated = 4;

    // Any small ids do: the weights decide what follows, and both runs of a comparison see the same tokens.
    private static readonly int[] Opening = [.. Enumerable.Range(0, 40).Select(i => 3 + (i * 7 % 50))];

    /// <param name="rewrite">What the load changed in the graph, or null: the first note.</param>
    public static NativeCapabilities Run(OrtModel model, ModelFolder folder, OrtLoadSettings settings, string? rewrite, ILogger logger)
    {
        var notes = rewrite is null ? new List<string>() : [rewrite];
        var appends = settings.ProbeChunking && AppendsOnCache(model, notes);
        var continues = settings.ProbeContinuation && appends && Continues(model, notes);
        var batches = settings.ProbeBatching && Batches(model, folder.PadTokenId, notes);
        foreach (var note in notes)
            logger.LogInformation("Model at {Path}: {Note}", folder.Path, note);
        return new NativeCapabilities(folder.ContextLength, folder.KvBytesPerToken, folder.SharesKvBuffer, folder.PadTokenId, appends, continues, batches, settings.Threads!.Value, notes);
    }

    /// <summary>Two multi-token appends on one generator: the second runs on top of the first one's cache.</summary>
    private static bool AppendsOnCache(OrtModel model, List<string> notes)
    {
        try
        {
            using var generator = model.CreateGenerator(Greedy(1, 16));
            generator.Append([3, 4]);
            generator.Append([5, 6]);
            return true;
        }
        catch (InferenceException ex)
        {
            // ORT also prints the failing node to stderr once; this line says why it is harmless.
            notes.Add($"the graph rejects a multi-token append on top of a cache ({ex.Message}), so prompts are prefilled in one step and there is no prompt cache");
            return false;
        }
    }

    /// <summary>
    /// A finished generator, rewound to what it shares with a longer prompt and continued, must produce the greedy
    /// tokens a fresh generator gives that prompt.
    /// </summary>
    private static bool Continues(OrtModel model, List<string> notes)
    {
        try
        {
            using var cached = model.CreateGenerator(Greedy(1, 128));
            cached.Append(Opening);
            Generate(cached, 1);
            var held = cached.Sequence();
            int[] extended = [.. held, .. Enumerable.Range(0, 6).Select(i => 5 + i)];
            // The last generated token never ran, and 0.18 rewinds only to strictly less than the KV cache holds.
            var reused = held.Length - 2;
            cached.RewindTo(reused);
            cached.Append(extended.AsSpan(reused));
            var continued = Generate(cached, 1);

            using var fresh = model.CreateGenerator(Greedy(1, 128));
            fresh.Append(extended);
            var expected = Generate(fresh, 1);
            if (continued.SequenceEqual(expected))
                return true;
            notes.Add($"a rewound generator does not continue like a fresh one ({string.Join(',', continued)} vs {string.Join(',', expected)}), so there is no prompt cache");
            return false;
        }
        catch (InferenceException ex)
        {
            notes.Add($"the graph cannot rewind and continue a generation ({ex.Message}), so there is no prompt cache");
            return false;
        }
    }

    /// <summary>Two prompts of different lengths in one padded batch must each give the greedy tokens they give alone.</summary>
    /// <param name="padTokenId">Kept out of the prompts: a batch masks it (requests holding it run alone).</param>
    private static bool Batches(OrtModel model, int padTokenId, List<string> notes)
    {
        int[][] prompts =
        [
            Enumerable.Range(0, 9).Select(i => 3 + (i * 7 % 50)).Where(t => t != padTokenId).ToArray(),
            Enumerable.Range(0, 23).Select(i => 5 + (i * 11 % 60)).Where(t => t != padTokenId).ToArray(),
        ];
        try
        {
            using var batch = model.CreateGenerator(Greedy(2, prompts.Max(p => p.Length) + 2 * Generated));
            batch.AppendRows(prompts);
            var together = Generate(batch, 2);
            for (var row = 0; row < prompts.Length; row++)
            {
                using var lone = model.CreateGenerator(Greedy(1, prompts[row].Length + 2 * Generated));
                lone.AppendRows([prompts[row]]);
                var alone = Generate(lone, 1);
                var batched = together.Where((_, i) => i % 2 == row).ToArray();
                if (!alone.SequenceEqual(batched))
                {
                    notes.Add($"a padded batch does not reproduce a lone generation ({string.Join(',', batched)} vs {string.Join(',', alone)}), so requests are not batched");
                    return false;
                }
            }
            return true;
        }
        catch (InferenceException ex)
        {
            notes.Add($"the model cannot generate a padded batch ({ex.Message}), so requests are not batched");
            return false;
        }
    }

    private static GeneratorSettings Greedy(int batchSize, int maxLength) => new(batchSize, maxLength, DoSample: false, 1, 1, TopK: 1, RandomSeed: 0);

    /// <summary>Greedy tokens, row after row for every step.</summary>
    private static List<int> Generate(INativeGenerator generator, int rows)
    {
        var tokens = new List<int>(Generated * rows);
        for (var step = 0; step < Generated && !generator.IsDone(); step++)
        {
            generator.Step();
            var next = generator.NextTokens();
            for (var row = 0; row < rows; row++)
                tokens.Add(next[row]);
        }
        return tokens;
    }
}
