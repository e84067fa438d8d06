using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Responses.Server.Ids;

namespace Responses.Tests.Support;

/// <summary>
/// The real server, in memory, with real inference on the embedded model (or the model folder given); only ids and
/// the clock are swapped for deterministic ones. Responses go to the default backend, SQLite, in a file of this
/// factory's own (deleted at dispose), unless the settings choose a store.
/// </summary>
public sealed class ResponsesServerFactory(string? modelPath = null) : WebApplicationFactory<Program>
{
    /// <summary>2026-01-01T00:00:00Z: every created_at in the tests.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public ResponsesServerFactory()
        : this(null)
    {
    }

    public FakeTimeProvider Clock { get; } = new(Epoch);

    /// <summary>This factory's SQLite file, used unless <see cref="Settings"/> name a store.</summary>
    public string StorePath { get; } = Path.Combine(Path.GetTempPath(), "responses-tests", "stores", $"{Guid.NewGuid():N}.db");

    /// <summary>Configuration keys to set, as the command line would ("Scheduler:MaxConcurrency" = "1").</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>More service replacements (a fixed seed source, say), applied after the ids and the clock.</summary>
    public Action<IServiceCollection>? ConfigureTestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (modelPath is not null)
        {
            builder.UseSetting("Inference:ModelPath", modelPath);
        }

        // Only a setting that says where responses go names a store (Store:Resilience:* tunes any of them): without
        // one, the factory's own file, never the user's default store that other test servers would share.
        if (!Settings.Keys.Any(key => key is "Store:Backend" or "Store:Path" or "Store:Spec" or "Store:ConnectionString"))
        {
            builder.UseSetting("Store:Backend", "sqlite");
            builder.UseSetting("Store:Path", StorePath);
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IIdGenerator>();
            services.AddSingleton<IIdGenerator, SequentialIdGenerator>();
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            ConfigureTestServices?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteStore();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        DeleteStore();
    }

    // Once the host is gone, and with it the store, which lets go of the file. The store opens its file lazily: a
    // test that stored nothing left none (nor its folder).
    private void DeleteStore()
    {
        foreach (var file in new[] { StorePath, StorePath + "-wal", StorePath + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }
    }
}
