using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Responses.Server.Ids;

namespace Responses.Tests.Support;

/// <summary>
/// The real server, in memory, with real inference on the embedded model (or the model folder given); only ids and
/// the clock are swapped for deterministic ones.
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
}
