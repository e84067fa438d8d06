namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// Shape of the embedded model. Kept tiny so the model writes in milliseconds, yet with grouped KV
/// heads and several layers so ORT GenAI's real llama code paths (KV cache per layer, position ids) run.
/// </summary>
internal sealed record ModelDimensions(
    int HiddenSize,
    int AttentionHeads,
    int KeyValueHeads,
    int Layers,
    int IntermediateSize,
    int ContextLength,
    int AttentionChunk,
    float RopeTheta,
    float RmsEpsilon,
    ulong Seed)
{
    public static ModelDimensions Default { get; } = new(
        HiddenSize: 64,
        AttentionHeads: 4,
        KeyValueHeads: 2,
        Layers: 2,
        IntermediateSize: 192,
        ContextLength: 32768,
        // Query rows per attention block: bounds the score matrix to heads*chunk*total floats,
        // so a 10k-token prompt needs ~40 MB of scores instead of ~1.6 GB.
        AttentionChunk: 256,
        RopeTheta: 10000f,
        RmsEpsilon: 1e-6f,
        Seed: 0x5EED_1A4A_2025UL);

    /// <summary>
    /// The bench-size model (bench --model-size bench): ~31M parameters (~125 MB fp32), so decode is bound by compute and
    /// memory bandwidth, not by per-token overhead. Written at bench time, never committed.
    /// </summary>
    public static ModelDimensions Benchmark { get; } = Default with
    {
        HiddenSize = 512,
        AttentionHeads = 8,
        KeyValueHeads = 4,
        Layers = 8,
        IntermediateSize = 2048,
    };

    public int HeadSize => HiddenSize / AttentionHeads;

    public int KeyValueSize => KeyValueHeads * HeadSize;

    public int HeadsPerKeyValue => AttentionHeads / KeyValueHeads;
}
