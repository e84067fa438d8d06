namespace Responses.Benchmarks;

/// <summary>Runs a measurement once to warm up, then --runs times, and keeps the median.</summary>
internal static class Scenario
{
    public static async Task<Summary> RunAsync(string name, int runs, Func<Task<Measurement>> measure)
    {
        Console.Error.Write($"  {name}: warm-up");
        await measure();
        var results = new List<Measurement>(runs);
        for (var i = 0; i < runs; i++)
        {
            results.Add(await measure());
            Console.Error.Write($" {results[^1].Total.TotalMilliseconds:F0}ms/{results[^1].OutputTokens}t");
        }

        Console.Error.WriteLine();
        return Summary.Of(name, results);
    }
}
