using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Responses.Server.Ids;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Stored;

/// <summary>Real servers on a chosen store backend, for the tests that restart, share or break the store.</summary>
public static class StoreServers
{
    /// <summary>
    /// A server on the given store settings: a short circuit break, so a recovery test does not wait 5 s; a queue
    /// that takes a burst of 100; random ids, as in production, because two test servers on one database would
    /// otherwise both number their responses from 1.
    /// </summary>
    public static ResponsesServerFactory On(params (string Key, string Value)[] store)
    {
        var settings = store.ToDictionary(s => s.Key, s => s.Value);
        settings.TryAdd("Store:Resilience:BreakSeconds", "1");
        settings.TryAdd("Scheduler:QueueLength", "200");
        return new ResponsesServerFactory
        {
            Settings = settings,
            ConfigureTestServices = services =>
            {
                services.RemoveAll<IIdGenerator>();
                services.AddSingleton<IIdGenerator, RandomIdGenerator>();
            },
        };
    }

    public static ResponsesServerFactory Sqlite(string path) => On(("Store:Backend", "sqlite"), ("Store:Path", path));

    public static ResponsesServerFactory Postgres(string connectionString) => On(("Store:Backend", "postgres"), ("Store:ConnectionString", connectionString));

    public static ResponsesServerFactory Memory() => On(("Store:Backend", "memory"));

    /// <summary>The default store (a fresh SQLite file of the factory's own).</summary>
    public static ResponsesServerFactory Default() => On();

    /// <summary>A fresh folder under the test temp root, removed by the caller.</summary>
    public static string TempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "responses-tests", "stores", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
