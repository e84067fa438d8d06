namespace Responses.Inference.EmbeddedModel;

/// <summary>How the writer stores the projection matrices (attention and MLP) of the decoder.</summary>
public enum WeightPrecision
{
    /// <summary>float32 MatMul weights: the embedded model, whose bytes and outputs the tests lock.</summary>
    Fp32,

    /// <summary>
    /// 4-bit MatMulNBits, block 32, symmetric round-to-nearest, accuracy level 4: what the model builder's
    /// cpu-int4-rtn-block-32-acc-level-4 folders hold, so the bench measures what users run. The embedding and lm_head
    /// stay float32, as small beside the layers (the builder keeps the embedding float too).
    /// </summary>
    Int4,
}
