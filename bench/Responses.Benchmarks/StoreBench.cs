using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Responses.Server.Runs;
using Responses.Server.Storage;
using Responses.Server.Storage.Memory;
using Responses.Server.Storage.Postgres;
using Responses.Server.Storage.Sqlite;

namespace Responses.Benchmarks;

/// <summary>
/// Store operations per second (--store-ops): saves, then finds of what was saved, one caller and then 16 at once,
/// then reads of a long chain's tip (what continuing it and listing its input_items cost), for memory, SQLite (a temp
/// file) and PostgreSQL when RESPONSES_BENCH_POSTGRES holds a connection string. Each backend sits behind
/// ResilientResponseStore, as in the server. No model, no server process.
/// </summary>
internal static class StoreBench
{
    private const int Operations = 2000;
    private const int Callers = 16;

    /// <summary>Turns of the chain whose tip is read: each a response pointing at the one before.</summary>
    private const int ChainTurns = 100;

    public static async Task<string> RunAsync(string scratch)
    {
        var options = new StoreOptions();
        var rows = new List<string>();
        rows.Add(await MeasureAsync("memory", () => new MemoryResponseStore(Microsoft.Extensions.Options.Options.Create(new MemoryResponseStoreOptions()))));
        var normal = Path.Combine(scratch, "store-bench", "responses.db");
        rows.Add(await MeasureAsync("SQLite, default (WAL, synchronous=NORMAL)", () => new SqliteResponseStore(normal, options, TimeProvider.System)));
        var full = Path.Combine(scratch, "store-bench", "responses-full.db");
        var powerLoss = new StoreOptions { Durability = StoreDurability.PowerLoss };
        rows.Add(await MeasureAsync("SQLite, Durability=PowerLoss (WAL, synchronous=FULL)", () => new SqliteResponseStore(full, powerLoss, TimeProvider.System)));
        if (Environment.GetEnvironmentVariable("RESPONSES_BENCH_POSTGRES") is { Length: > 0 } connectionString)
        {
            rows.Add(await MeasureAsync("PostgreSQL", () => new PostgresResponseStore(connectionString, options, NullLogger<PostgresResponseStore>.Instance)));
        }

        return $"| store | ms a save, 1 caller | save/s, 1 caller | find/s, 1 caller | save/s, 16 callers | find/s, 16 callers | chain reads/s, {ChainTurns} turns |\n" +
               "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n" + string.Join('\n', rows) + "\n";
    }

    private static async Task<string> MeasureAsync(string name, Func<IResponseStore> open)
    {
        Console.Error.WriteLine($"  {name}: {Operations} saves and finds, 1 and {Callers} callers; reads of a {ChainTurns}-turn chain");
        await using var store = new ResilientResponseStore(
            open(), name, new StoreResilienceOptions(), TimeProvider.System, NullLogger<ResilientResponseStore>.Instance);
        var body = Encoding.UTF8.GetBytes(new string('x', 3000));
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        StoredResponse Sample(string id) => new(id, body, body.AsMemory(0, 600), body.AsMemory(0, 400), created);

        await store.SaveAsync(Sample("resp_warmup"), CancellationToken.None);
        var saveOne = await RateAsync(1, i => store.SaveAsync(Sample($"resp_a{i}"), CancellationToken.None));
        var findOne = await RateAsync(1, i => store.FindAsync($"resp_a{i}", CancellationToken.None));
        var saveMany = await RateAsync(Callers, i => store.SaveAsync(Sample($"resp_b{i}"), CancellationToken.None));
        var findMany = await RateAsync(Callers, i => store.FindAsync($"resp_b{i}", CancellationToken.None));
        for (var turn = 0; turn < ChainTurns; turn++)
        {
            await store.SaveAsync(Sample($"resp_c{turn}") with { ParentId = turn == 0 ? null : $"resp_c{turn - 1}" }, CancellationToken.None);
        }

        var chainOne = await RateAsync(1, _ => store.FindChainAsync($"resp_c{ChainTurns - 1}", CancellationToken.None), Operations / 10);
        return $"| {name} | {1000 / saveOne:N2} | {saveOne:N0} | {findOne:N0} | {saveMany:N0} | {findMany:N0} | {chainOne:N0} |";
    }

    // Operations split over the callers, each running its share back to back; operations per second overall.
    private static async Task<double> RateAsync(int callers, Func<int, Task> operation, int operations = Operations)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (var i = caller; i < operations; i += callers)
            {
                await operation(i);
            }
        })));
        return operations / clock.Elapsed.TotalSeconds;
    }
}
