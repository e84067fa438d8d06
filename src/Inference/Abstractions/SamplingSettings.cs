namespace Responses.Inference;

/// <summary>How to pick tokens. Temperature 0 means greedy decoding, never a tiny temperature.</summary>
/// <param name="MaxOutputTokens">Generated tokens at most; null means the server's default cap (Inference:DefaultMaxOutputTokens), within the model's context.</param>
/// <param name="Seed">Seed for sampling; null means one drawn from a fast RNG (never the OS random device).</param>
public sealed record SamplingSettings(int? MaxOutputTokens, double Temperature, double TopP, ulong? Seed = null);
