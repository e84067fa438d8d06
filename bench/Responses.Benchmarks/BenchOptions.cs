namespace Responses.Benchmarks;

/// <summary>Command line: --tokens N, --runs N, --model DIR, --prefill-tokens N, --memory, --store-ops, --allocations.</summary>
internal sealed record BenchOptions(int Tokens, int Runs, string? ModelPath, int PrefillTokens, bool Memory = false, bool StoreOps = false, bool Allocations = false)
{
    public static BenchOptions Parse(string[] args)
    {
        int tokens = 256, runs = 5, prefill = 10_000;
        string? model = null;
        bool memory = false, storeOps = false, allocations = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--tokens": tokens = int.Parse(Value()); break;
                case "--runs": runs = int.Parse(Value()); break;
                case "--model": model = Path.GetFullPath(Value()); break;
                case "--prefill-tokens": prefill = int.Parse(Value()); break;
                case "--memory": memory = true; break;
                case "--store-ops": storeOps = true; break;
                case "--allocations": allocations = true; break;
                case "-h" or "--help":
                    Console.WriteLine("dotnet run -c Release --project bench/Responses.Benchmarks -- [--tokens 256] [--runs 5] [--model DIR] [--prefill-tokens 10000] [--memory] [--allocations] | --store-ops");
                    Environment.Exit(0);
                    break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        if (tokens < 16 || runs < 1 || prefill < 16)
        {
            throw new ArgumentException("--tokens and --prefill-tokens must be >= 16 (the API's floor) and --runs >= 1.");
        }

        return new BenchOptions(tokens, runs, model, prefill, memory, storeOps, allocations);
    }
}
