using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Responses.Inference.Catalog;
using Responses.Inference.Hub;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Inference.Hub;

/// <summary>
/// A puller as the server builds it (AddInference, configuration with HF_ENDPOINT pointing at a loopback Hub), a
/// model cache of its own, and everything it wrote: progress lines and log lines, to check what a user reads.
/// </summary>
internal sealed class HubPull : IDisposable
{
    private readonly ServiceProvider provider;
    private readonly StringWriter progress = new();
    private readonly RecordingLoggerProvider logs = new();

    public HubPull(LoopbackHub hub, string cache, IReadOnlyDictionary<string, string?>? settings = null)
        : this(hub.Endpoint, cache, settings)
    {
    }

    public HubPull(string endpoint, string cache, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["HF_ENDPOINT"] = endpoint,
            // No token file of the machine's user: the tests say which token there is.
            ["HF_TOKEN_PATH"] = Path.Combine(cache, "no-token"),
            ["Inference:CacheDirectory"] = cache,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs));
        services.AddSingleton<IDownloadProgress>(new ConsoleDownloadProgress(progress, interactive: false, TimeProvider.System));
        services.AddInference(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        provider = services.BuildServiceProvider();
    }

    public HubModelPuller Puller => provider.GetRequiredService<HubModelPuller>();

    /// <summary>Progress and log lines together, as a user sees them.</summary>
    public string Output => progress + string.Join('\n', logs.Messages);

    public static string NewCache() => Directory.CreateTempSubdirectory("responses-tests-hub-").FullName;

    public Task<string> PullAsync(string reference) => Puller.PullAsync(HubModelReference.Parse(reference), CancellationToken.None);

    public async Task<string> FailAsync(string reference)
    {
        var error = await Assert.ThrowsAsync<Responses.Inference.ModelLoadException>(() => PullAsync(reference));
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    public void Dispose() => provider.Dispose();

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        private readonly List<string> messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (messages)
                    return [.. messages];
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(RecordingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.messages)
                    owner.messages.Add(formatter(state, exception));
            }
        }
    }
}
