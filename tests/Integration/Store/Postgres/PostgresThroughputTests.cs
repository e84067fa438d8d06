using System.Diagnostics;
using Responses.Server.Runs;
using Responses.Server.Storage;
using Responses.Tests.Support;
using Xunit.Abstractions;

namespace Responses.Tests.Integration.Store.Postgres;

/// <summary>
/// Store operations per second on the run's PostgreSQL, one caller and sixteen, printed to the test output
/// (`dotnet test --logger "console;verbosity=detailed"`). A figure for the notes, not a bound: it only has to move.
/// </summary>
public sealed class PostgresThroughputTests(PostgresDatabases databases, ITestOutputHelper output) : IClassFixture<PostgresDatabases>
{
    // Each phase runs this long, not a fixed count: a save waits for the server's fsync, so a count that keeps
    // sixteen callers busy would keep one busy for many seconds.
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(1);

    [PostgresTheory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task Saves_and_finds_per_second(int callers)
    {
        await using var store = PostgresDatabases.Store(await databases.CreateAsync());
        var body = new string('t', 2_000);
        // Warm up (schema, pool, JIT) so the first phase measures the database, not the first call.
        for (var i = 0; i < 20; i++)
        {
            await store.SaveAsync(StoredResponses.Create("resp_warmup", text: body), CancellationToken.None);
            await store.FindAsync("resp_warmup", CancellationToken.None);
        }

        var (saved, saves) = await PerSecondAsync(callers, i => store.SaveAsync(StoredResponses.Create($"resp_{i}", text: body), CancellationToken.None));
        var (_, finds) = await PerSecondAsync(callers, async i => Assert.NotNull(await store.FindAsync($"resp_{i % saved}", CancellationToken.None)));

        output.WriteLine($"PostgreSQL store, {callers} caller(s), {StoredResponses.Create("resp_0", text: body).SizeBytes} B responses: {saves:F0} saves/s, {finds:F0} finds/s");
        Assert.True(saves > 0 && finds > 0);
    }

    // Callers take the next index until the phase is over; the operations done and their rate.
    private static async Task<(int Done, double PerSecond)> PerSecondAsync(int callers, Func<int, Task> operation)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < Phase)
            {
                await operation(Interlocked.Increment(ref next));
            }
        })));
        var done = next + 1;
        return (done, done / clock.Elapsed.TotalSeconds);
    }
}
