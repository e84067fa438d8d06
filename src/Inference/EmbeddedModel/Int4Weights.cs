namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// A [K, N] float32 matrix in ONNX Runtime's MatMulNBits layout: for each output column n, K/32 blocks of 32 weights,
/// each block 16 bytes of 4-bit values (even k in the low nibble) with one float scale; no zero points, so the
/// default 8 applies and a weight is (q - 8) * scale. Symmetric round-to-nearest with scale = max|w| / 7, so no
/// weight of a block clips.
/// </summary>
internal static class Int4Weights
{
    public const int BlockSize = 32;

    public static (byte[] Packed, float[] Scales) Quantize(float[] weights, int k, int n)
    {
        if (k % BlockSize != 0)
        {
            throw new ArgumentException($"K ({k}) must be a multiple of {BlockSize}.", nameof(k));
        }

        var blocks = k / BlockSize;
        var packed = new byte[n * blocks * (BlockSize / 2)];
        var scales = new float[n * blocks];
        for (var column = 0; column < n; column++)
        {
            for (var block = 0; block < blocks; block++)
            {
                var first = block * BlockSize;
                var max = 0f;
                for (var i = 0; i < BlockSize; i++)
                {
                    max = Math.Max(max, Math.Abs(weights[(first + i) * n + column]));
                }

                var scale = max == 0f ? 1f : max / 7f;
                scales[column * blocks + block] = scale;
                var blob = (column * blocks + block) * (BlockSize / 2);
                for (var i = 0; i < BlockSize; i++)
                {
                    var q = (int)Math.Clamp(Math.Round(weights[(first + i) * n + column] / scale) + 8, 0, 15);
                    packed[blob + i / 2] |= (byte)(i % 2 == 0 ? q : q << 4);
                }
            }
        }

        return (packed, scales);
    }
}
