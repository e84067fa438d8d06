namespace Responses.Benchmarks;

/// <summary>
/// Resident memory of the server process around long prompts: idle, then after each of a few 8k- and 30k-token
/// requests (measured once the response is complete and the server idle again). Run against a server that returns
/// idle memory and one that does not (Inference:ReleaseIdleMemory), in the same run.
/// </summary>
internal static class MemoryBench
{
    /// <summary>Time for the server to finish releasing after a response (the release runs once it is idle).</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static async Task<IReadOnlyList<(string Step, long ResidentMiB)>> RunAsync(ServerProcess server, ServerBench client, EngineBench engine)
    {
        var steps = new List<(string, long)>();
        await Task.Delay(Settle);
        steps.Add(("idle", server.ResidentMiB()));
        var prompts = new[] { 8_000, 30_000 }.ToDictionary(tokens => tokens, tokens => LongPrompt.Build(engine, tokens));
        for (var round = 1; round <= 3; round++)
        {
            foreach (var (tokens, text) in prompts)
            {
                Console.Error.WriteLine($"Memory: round {round}, {tokens}-token prompt.");
                await client.StreamAsync(text, 16);
                await Task.Delay(Settle);
                steps.Add(($"after a {tokens / 1000}k-token prompt (round {round})", server.ResidentMiB()));
            }
        }

        return steps;
    }

    public static string Render(IReadOnlyList<(string Step, long ResidentMiB)> released, IReadOnlyList<(string Step, long ResidentMiB)> kept)
    {
        var table = new System.Text.StringBuilder();
        table.AppendLine("Server resident memory (MiB), 2 s after each response:");
        table.AppendLine();
        table.AppendLine("| step | ReleaseIdleMemory on (default) | off |");
        table.AppendLine("| --- | ---: | ---: |");
        for (var i = 0; i < released.Count; i++)
        {
            table.AppendLine($"| {released[i].Step} | {released[i].ResidentMiB} | {kept[i].ResidentMiB} |");
        }

        return table.ToString();
    }
}
