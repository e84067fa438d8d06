using Responses.Inference.EmbeddedModel;

namespace Responses.Benchmarks;

/// <summary>
/// Command line: --tokens N, --runs N, --model DIR, --model-size embedded|bench, --prefill-tokens N, --clients 1,2,4,8,
/// --precision fp32|int4, --memory, --store-ops, --allocations, --overhead, --transport, --batching;
/// --write-model DIR writes the model folder and exits.
/// </summary>
internal sealed record BenchOptions(
    int Tokens,
    int Runs,
    string? ModelPath,
    int PrefillTokens,
    bool Memory = false,
    bool StoreOps = false,
    bool BenchSizeModel = false,
    IReadOnlyList<int>? Clients = null,
    bool Allocations = false,
    bool Overhead = false,
    bool Transport = false,
    bool Batching = false,
    bool SkipInProcess = false,
    WeightPrecision Precision = WeightPrecision.Fp32,
    string? WriteModelTo = null)
{
    public const string Usage =
        "dotnet run -c Release --project bench/Responses.Benchmarks -- [--tokens 256] [--runs 5] [--model DIR | --model-size embedded|bench [--precision fp32|int4]] " +
        "[--prefill-tokens 10000] [--clients 1,2,4,8] [--memory] [--allocations] [--overhead] [--transport] [--batching [--skip-in-process]] | --store-ops | --write-model DIR --model-size bench [--precision int4]";

    /// <summary>The concurrent client counts of the concurrency scenario.</summary>
    public IReadOnlyList<int> ClientCounts => Clients ?? [1, 2, 4, 8];

    public static BenchOptions Parse(string[] args)
    {
        int tokens = 256, runs = 5, prefill = 10_000;
        string? model = null;
        bool memory = false, storeOps = false, benchSize = false, allocations = false, overhead = false, transport = false, batching = false, skipInProcess = false;
        int[]? clients = null;
        var precision = WeightPrecision.Fp32;
        string? writeModel = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--tokens": tokens = int.Parse(Value()); break;
                case "--runs": runs = int.Parse(Value()); break;
                case "--model": model = Path.GetFullPath(Value()); break;
                case "--model-size":
                    benchSize = Value() switch
                    {
                        "embedded" => false,
                        "bench" => true,
                        var other => throw new ArgumentException($"--model-size is 'embedded' or 'bench', not '{other}'."),
                    };
                    break;
                case "--prefill-tokens": prefill = int.Parse(Value()); break;
                case "--precision":
                    precision = Value() switch
                    {
                        "fp32" => WeightPrecision.Fp32,
                        "int4" => WeightPrecision.Int4,
                        var other => throw new ArgumentException($"--precision is 'fp32' or 'int4', not '{other}'."),
                    };
                    break;
                case "--write-model": writeModel = Path.GetFullPath(Value()); break;
                case "--clients":
                    clients = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
                    break;
                case "--memory": memory = true; break;
                case "--store-ops": storeOps = true; break;
                case "--allocations": allocations = true; break;
                case "--overhead": overhead = true; break;
                case "--transport": transport = true; break;
                case "--batching": batching = true; break;
                case "--skip-in-process": skipInProcess = true; break;
                case "-h" or "--help":
                    Console.WriteLine(Usage);
                    Environment.Exit(0);
                    break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        if (tokens < 16 || runs < 1 || prefill < 16)
        {
            throw new ArgumentException("--tokens and --prefill-tokens must be >= 16 (the API's floor) and --runs >= 1.");
        }

        if (clients is not null && (clients.Length == 0 || clients.Any(c => c < 1)))
        {
            throw new ArgumentException("--clients takes a comma-separated list of counts >= 1, e.g. 1,2,4,8.");
        }

        if (benchSize && model is not null)
        {
            throw new ArgumentException("--model and --model-size bench exclude each other.");
        }

        if (precision == WeightPrecision.Int4 && !benchSize)
        {
            throw new ArgumentException("--precision int4 takes --model-size bench (the embedded model stays fp32).");
        }

        return new BenchOptions(tokens, runs, model, prefill, memory, storeOps, benchSize, clients, allocations, overhead, transport, batching, skipInProcess, precision, writeModel);
    }
}
