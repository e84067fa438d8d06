using System.Text;
using System.Text.RegularExpressions;

namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// Learns byte-level BPE merges from the embedded corpus. Merges make prompts several times shorter
/// than raw bytes (cheaper 10k-token system prompts) and give the model word-sized tokens to emit.
/// Training is a few milliseconds, so learning at write time beats shipping a merge table.
/// </summary>
internal static partial class BpeMergeLearner
{
    /// <summary>The learned merges (in rank order) and how often each final token occurs in the corpus.</summary>
    public sealed record Result(IReadOnlyList<(string Left, string Right)> Merges, IReadOnlyDictionary<string, int> TokenCounts);

    // GPT-2's pre-tokenizer pattern: merges never cross these boundaries at encode time either.
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    private static partial Regex PreTokenizer();

    public static Result Learn(string corpus, string[] byteSymbols, int maxMerges, int minPairCount)
    {
        var wordCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match match in PreTokenizer().Matches(corpus))
        {
            wordCounts[match.Value] = wordCounts.GetValueOrDefault(match.Value) + 1;
        }

        // Ordinal order makes the pair tie-break below independent of dictionary iteration order.
        var words = wordCounts.OrderBy(w => w.Key, StringComparer.Ordinal)
            .Select(w => (Symbols: Encoding.UTF8.GetBytes(w.Key).Select(b => byteSymbols[b]).ToList(), Count: w.Value))
            .ToList();

        var merges = new List<(string, string)>();
        while (merges.Count < maxMerges)
        {
            var pairCounts = new Dictionary<(string, string), int>();
            foreach (var (symbols, count) in words)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    var pair = (symbols[i], symbols[i + 1]);
                    pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + count;
                }
            }

            var best = pairCounts
                .OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key.Item1, StringComparer.Ordinal)
                .ThenBy(p => p.Key.Item2, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best.Value < minPairCount)
            {
                break;
            }

            merges.Add(best.Key);
            foreach (var (symbols, _) in words)
            {
                MergeInPlace(symbols, best.Key);
            }
        }

        var tokenCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (symbols, count) in words)
        {
            foreach (var symbol in symbols)
            {
                tokenCounts[symbol] = tokenCounts.GetValueOrDefault(symbol) + count;
            }
        }

        return new Result(merges, tokenCounts);
    }

    private static void MergeInPlace(List<string> symbols, (string Left, string Right) pair)
    {
        for (var i = 0; i + 1 < symbols.Count; i++)
        {
            if (symbols[i] == pair.Left && symbols[i + 1] == pair.Right)
            {
                symbols[i] = pair.Left + pair.Right;
                symbols.RemoveAt(i + 1);
            }
        }
    }
}
