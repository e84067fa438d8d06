namespace Responses.Benchmarks;

/// <summary>One timed generation: when the first text arrived, when it ended, how many tokens it produced (and stream events it took, when streamed).</summary>
internal sealed record Measurement(TimeSpan FirstText, TimeSpan Total, int OutputTokens, int Events = 0)
{
    public double TokensPerSecond => OutputTokens / Total.TotalSeconds;
}

/// <summary>The median of the timed runs of one scenario.</summary>
internal sealed record Summary(string Name, double TokensPerSecond, double FirstTextMs, double TotalMs, int OutputTokens)
{
    public static Summary Of(string name, IReadOnlyList<Measurement> runs) => new(
        name,
        Median(runs.Select(r => r.TokensPerSecond)),
        Median(runs.Select(r => r.FirstText.TotalMilliseconds)),
        Median(runs.Select(r => r.Total.TotalMilliseconds)),
        (int)Median(runs.Select(r => (double)r.OutputTokens)));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
