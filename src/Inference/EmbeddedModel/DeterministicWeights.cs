namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// SplitMix64-based generator for model weights. System.Random's seeded algorithm is an
/// implementation detail that may change between runtimes; the written model must be byte-identical
/// everywhere because its folder name promises identical content.
/// </summary>
internal sealed class DeterministicWeights(ulong seed)
{
    private ulong _state = seed;

    private ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in (0, 1]; never 0 so the Box-Muller logarithm stays finite.</summary>
    private double NextUnit() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>Normal samples scaled by <paramref name="stdDev"/>.</summary>
    public float[] Normal(int count, double stdDev)
    {
        var values = new float[count];
        for (var i = 0; i < count; i += 2)
        {
            // Box-Muller yields two samples per pair of uniforms.
            var radius = Math.Sqrt(-2.0 * Math.Log(NextUnit())) * stdDev;
            var angle = 2.0 * Math.PI * NextUnit();
            values[i] = (float)(radius * Math.Cos(angle));
            if (i + 1 < count)
            {
                values[i + 1] = (float)(radius * Math.Sin(angle));
            }
        }

        return values;
    }

    /// <summary>A tensor filled with one value, e.g. RMSNorm scales that start at identity.</summary>
    public static float[] Filled(int count, float value)
    {
        var values = new float[count];
        Array.Fill(values, value);
        return values;
    }
}
