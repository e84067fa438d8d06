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

    public int HeadSize => HiddenSize / AttentionHeads;

    public int KeyValueSize => KeyValueHeads * HeadSize;

    public int HeadsPerKeyValue => AttentionHeads / KeyValueHeads;
}
