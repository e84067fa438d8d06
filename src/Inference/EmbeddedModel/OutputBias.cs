namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// The LM head bias, which is what makes a random-weight model emit text-like output: each token's
/// bias is its log frequency in the tokenized corpus (a unigram language model), tokens that would
/// decode to control characters or stray UTF-8 bytes are ruled out, and EOS gets the bias that makes
/// it the sampled token about once per <see cref="MeanReplyTokens"/> steps at temperature 1.
/// </summary>
internal static class OutputBias
{
    /// <summary>Expected reply length under sampling; replies end as a geometric distribution around it.</summary>
    public const int MeanReplyTokens = 55;

    private const float Forbidden = -40f;

    // Keeps printable tokens the corpus never produced possible but rare.
    private const double UnseenCount = 0.05;

    public static float[] Compute(TokenizerVocabulary vocabulary)
    {
        var bias = new float[vocabulary.Count];
        var textMass = 0.0;
        for (var id = 0; id < vocabulary.Count; id++)
        {
            if (vocabulary.TokenBytes[id] is not { } bytes || !bytes.All(IsTextByte))
            {
                bias[id] = Forbidden;
                continue;
            }

            var count = vocabulary.CorpusCounts.GetValueOrDefault(vocabulary.Symbols[id]);
            bias[id] = (float)(Math.Log(count + UnseenCount) + ShapeAdjustment(bytes));
            textMass += Math.Exp(bias[id]);
        }

        // P(eos) = e^b / (e^b + textMass) = 1 / MeanReplyTokens.
        bias[vocabulary.IdOf(SpecialTokens.ImEnd)] = (float)Math.Log(textMass / (MeanReplyTokens - 1));
        return bias;
    }

    /// <summary>
    /// Without context a unigram model mixes whole words with word fragments and code indentation
    /// into letter soup; favouring " word" tokens over fragments and whitespace runs reads as prose.
    /// </summary>
    private static double ShapeAdjustment(byte[] bytes)
    {
        var letters = bytes.Count(b => char.IsAsciiLetter((char)b));
        if (bytes.Length >= 3 && bytes[0] == ' ' && letters == bytes.Length - 1)
        {
            return 1.5;
        }

        if (letters == bytes.Length)
        {
            return -2.0;
        }

        return bytes.Length > 1 && bytes.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\t') ? -2.0 : 0.0;
    }

    /// <summary>Printable ASCII, newline and tab; everything else would decode to control codes or broken UTF-8.</summary>
    private static bool IsTextByte(byte b) => b is >= 0x20 and < 0x7F or (byte)'\n' or (byte)'\t';
}
