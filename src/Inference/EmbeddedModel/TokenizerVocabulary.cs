using System.Text;

namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// The complete token table: 256 byte tokens (id = byte value), learned merge tokens, then the
/// special tokens. Also carries each token's UTF-8 bytes and corpus frequency for the output bias.
/// </summary>
internal sealed class TokenizerVocabulary
{
    internal const int MaxMerges = 480;
    internal const int MinPairCount = 2;

    private TokenizerVocabulary(List<string> symbols, List<byte[]?> bytes, IReadOnlyList<(string, string)> merges, IReadOnlyDictionary<string, int> counts, IReadOnlyList<string> specials)
    {
        Symbols = symbols;
        Specials = specials;
        TokenBytes = bytes;
        Merges = merges;
        CorpusCounts = counts;
    }

    /// <summary>Byte-level symbol string of each token id (the HF tokenizer.json vocab key).</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>Decoded bytes of each id; null for special tokens.</summary>
    public IReadOnlyList<byte[]?> TokenBytes { get; }

    public IReadOnlyList<(string Left, string Right)> Merges { get; }

    /// <summary>How often each (non-special) symbol occurs when the corpus is tokenized.</summary>
    public IReadOnlyDictionary<string, int> CorpusCounts { get; }

    /// <summary>The special tokens in id order: <see cref="SpecialTokens.All"/>, then any a model adds (its image markers).</summary>
    public IReadOnlyList<string> Specials { get; }

    public int Count => Symbols.Count;

    public int FirstSpecialId => Count - Specials.Count;

    public int IdOf(string specialToken)
    {
        var index = Specials.ToList().IndexOf(specialToken);
        return index >= 0 ? FirstSpecialId + index : throw new ArgumentException($"{specialToken} is not a special token of this vocabulary.", nameof(specialToken));
    }

    /// <summary>The text model's vocabulary; <paramref name="extraSpecials"/> go after its special tokens, so every other id stays.</summary>
    public static TokenizerVocabulary Create(IReadOnlyList<string>? extraSpecials = null)
    {
        IReadOnlyList<string> specials = [.. SpecialTokens.All, .. extraSpecials ?? []];
        var byteSymbols = ByteLevelVocabulary.ByteSymbols();
        var learned = BpeMergeLearner.Learn(TrainingCorpus.Text, byteSymbols, MaxMerges, MinPairCount);

        var byteOfSymbol = new Dictionary<char, byte>();
        for (var b = 0; b < byteSymbols.Length; b++)
        {
            byteOfSymbol[byteSymbols[b][0]] = (byte)b;
        }

        var symbols = new List<string>(byteSymbols);
        var known = new HashSet<string>(byteSymbols, StringComparer.Ordinal);
        foreach (var (left, right) in learned.Merges)
        {
            // Two merge paths can spell the same token ("ab"+"c", "a"+"bc"); the vocab keeps one id.
            if (known.Add(left + right))
            {
                symbols.Add(left + right);
            }
        }

        var bytes = symbols.Select(s => (byte[]?)s.Select(c => byteOfSymbol[c]).ToArray()).ToList();
        symbols.AddRange(specials);
        bytes.AddRange(specials.Select(_ => (byte[]?)null));
        return new TokenizerVocabulary(symbols, bytes, learned.Merges, learned.TokenCounts, specials);
    }

    /// <summary>Readable form of a token for diagnostics.</summary>
    public string Describe(int id) => TokenBytes[id] is { } b ? Encoding.UTF8.GetString(b) : Symbols[id];
}
