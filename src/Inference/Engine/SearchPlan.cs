using Responses.Inference.Native;

namespace Responses.Inference.Engine;

/// <summary>
/// The ORT GenAI search options for one request, computed from the API's sampling settings without touching a
/// model, so the mapping is unit-tested.
/// </summary>
/// <param name="MaxLength">
/// ORT's max_length: prompt plus the output budget, capped at the context length. The budget is max_output_tokens,
/// or the server's default cap when the request has none: exports that share the KV buffer allocate it at
/// max_length up front, so "up to the context" would make every request of an SDK hold the largest cache there is.
/// </param>
/// <param name="RandomSeed">ORT's random_seed: an int of 0 or more (negative would mean "read the OS random device").</param>
internal readonly record struct SearchPlan(bool DoSample, double Temperature, double TopP, int TopK, int MaxLength, int RandomSeed)
{
    /// <summary>The constrained-decoding grammar, or null for free text.</summary>
    public GuidanceSpec? Guidance { get; init; }

    /// <summary>
    /// The client chose the seed and samples: its output must not depend on a prompt-cache hit, and a reused
    /// generator cannot be reseeded (it continues its own random stream), so such a request always starts fresh.
    /// </summary>
    public bool ExplicitSeed { get; init; }

    public static SearchPlan Create(SamplingSettings sampling, int promptTokens, int contextLength, int defaultMaxOutputTokens, ISeedSource seeds)
    {
        if (double.IsNaN(sampling.Temperature) || sampling.Temperature < 0)
            throw new ArgumentOutOfRangeException(nameof(sampling), sampling.Temperature, "Temperature must be 0 or more.");
        if (double.IsNaN(sampling.TopP) || sampling.TopP is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(sampling), sampling.TopP, "top_p must be between 0 and 1.");
        if (sampling.MaxOutputTokens is < 1)
            throw new ArgumentOutOfRangeException(nameof(sampling), sampling.MaxOutputTokens, "max_output_tokens must be at least 1.");
        if (promptTokens >= contextLength)
            throw new ContextLengthExceededException(promptTokens, contextLength);

        var maxLength = MaxLengthFor(sampling, promptTokens, contextLength, defaultMaxOutputTokens);
        var seed = FoldSeed(sampling.Seed ?? seeds.NextSeed());

        // Temperature 0 is greedy, never a tiny temperature (which overflows the softmax). top_p 0 keeps only the
        // most likely token, which is also greedy.
        if (sampling.Temperature == 0 || sampling.TopP == 0)
            return new SearchPlan(DoSample: false, Temperature: 1, TopP: 1, TopK: 1, maxLength, seed);

        // OpenAI has no top_k; ORT's default (50) would silently truncate the distribution, so 0 disables it.
        return new SearchPlan(DoSample: true, sampling.Temperature, sampling.TopP, TopK: 0, maxLength, seed);
    }

    /// <summary>max_length alone, for sizing a generation before it runs (draws no seed).</summary>
    public static int MaxLengthFor(SamplingSettings sampling, int promptTokens, int contextLength, int defaultMaxOutputTokens) =>
        // long: prompt + a huge max_output_tokens must not overflow before the cap.
        (int)Math.Min((long)promptTokens + Math.Max(sampling.MaxOutputTokens ?? defaultMaxOutputTokens, 1), contextLength);

    /// <summary>The generator settings of this plan, for a generator of <paramref name="batchSize"/> rows holding <paramref name="maxLength"/> tokens each.</summary>
    public GeneratorSettings Settings(int batchSize, int maxLength) =>
        new(batchSize, maxLength, DoSample, Temperature, TopP, TopK, RandomSeed) { Guidance = Guidance };

    /// <summary>Folds 64 bits into 31 so every bit of the caller's seed still matters.</summary>
    internal static int FoldSeed(ulong seed) => (int)((seed ^ (seed >> 31) ^ (seed >> 62)) & int.MaxValue);
}

/// <summary>
/// The search options a generator was created with and cannot change: what two requests must share to run in one
/// batch, or for one to continue the other's kept generator. The random seed is not among them: the 0.18 C# API
/// cannot reseed a generator, so a sampled request that reuses one continues its random stream. The API draws a
/// random seed for every request anyway; only greedy output is promised to be the same with and without the cache.
/// </summary>
internal readonly record struct SearchKey(bool DoSample, double Temperature, double TopP, int TopK)
{
    public static SearchKey Of(SearchPlan plan) => new(plan.DoSample, plan.Temperature, plan.TopP, plan.TopK);
}
