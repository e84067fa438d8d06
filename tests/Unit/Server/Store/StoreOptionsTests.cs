using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Responses.Server.Host.CommandLine;
using Responses.Server.Storage;

namespace Responses.Tests.Unit.Server.Store;

/// <summary>The Store section as the server binds it: command line, configuration keys, validation, the log line.</summary>
public sealed class StoreOptionsTests
{
    [Fact]
    public void The_default_is_SQLite_in_the_cache_folder()
    {
        var options = Bind();

        Assert.Equal(StoreBackend.Sqlite, options.Backend);
        Assert.Equal(StorePathResolver.Resolve(), options.Path);
        Assert.Equal(100_000, options.MaxResponses);
        Assert.Equal(30, options.MaxAgeDays);
    }

    [Fact]
    public void Store_switch_with_a_path_that_holds_colons()
    {
        var options = Bind(args: ["--store", "sqlite:/data/a:b.db"]);

        Assert.Equal(StoreBackend.Sqlite, options.Backend);
        Assert.Equal("/data/a:b.db", options.Path);
    }

    [Fact]
    public void Store_switch_wins_over_the_section()
    {
        var options = Bind(new() { ["Store:Backend"] = "sqlite", ["Store:Path"] = "/x.db" }, ["--store", "memory"]);

        Assert.Equal(StoreBackend.Memory, options.Backend);
    }

    [Fact]
    public void Store_switch_for_postgres_keeps_the_connection_string_whole()
    {
        var options = Bind(args: ["--store", "postgres:Host=db;Port=5433;Database=r;Username=u;Password=s3cret:x"]);

        Assert.Equal(StoreBackend.Postgres, options.Backend);
        Assert.Equal("Host=db;Port=5433;Database=r;Username=u;Password=s3cret:x", options.ConnectionString);
        var described = StoreLocation.Describe(options);
        Assert.Contains("host db:5433, database r, user u", described, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", described, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_as_the_environment_gives_them_bind_case_insensitively()
    {
        var options = Bind(new() { ["Store:Backend"] = "memory", ["Store:MaxResponses"] = "7" });

        Assert.Equal(StoreBackend.Memory, options.Backend);
        Assert.Equal(7, options.MaxResponses);
    }

    [Fact]
    public void A_relative_path_is_made_absolute()
    {
        var options = Bind(new() { ["Store:Path"] = "data/r.db" });

        Assert.Equal(Path.GetFullPath("data/r.db"), options.Path);
    }

    [Theory]
    [InlineData("--store", "redis", "--store 'redis'")]
    [InlineData("--store", "postgres", "--store 'postgres'")]
    [InlineData("--Store:MaxResponses", "0", "Store:MaxResponses must be at least 1")]
    [InlineData("--Store:MaxAgeDays", "0", "Store:MaxAgeDays must be more than 0")]
    [InlineData("--Store:Backend", "postgres", "needs a connection string")]
    [InlineData("--Store:Resilience:BreakSeconds", "0.1", "Store:Resilience:BreakSeconds")]
    public void A_configuration_that_cannot_work_is_refused_naming_the_setting(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(args: [key, value]));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_registered_store_is_the_configured_backend_behind_the_resilient_decorator()
    {
        await using var services = Services(new() { ["Store:Backend"] = "memory" }, []);

        var store = services.GetRequiredService<IResponseStore>();

        Assert.IsType<ResilientResponseStore>(store);
        var response = new StoredResponse("resp_1", "{}"u8.ToArray(), "[]"u8.ToArray(), "[]"u8.ToArray(), 0);
        await store.SaveAsync(response, CancellationToken.None);
        Assert.NotNull(await store.FindAsync("resp_1", CancellationToken.None));
    }

    [Fact]
    public void SQLite_is_described_by_its_file()
    {
        Assert.Equal(
            "in SQLite at /data/r.db (at most 100000 responses, 30 days)",
            StoreLocation.Describe(new StoreOptions { Backend = StoreBackend.Sqlite, Path = "/data/r.db" }));
    }

    private static StoreOptions Bind(Dictionary<string, string?>? settings = null, string[]? args = null)
    {
        using var services = Services(settings ?? [], args ?? []);
        return services.GetRequiredService<IOptions<StoreOptions>>().Value;
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings, string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings);
        ServerCommandLine.Parse(args, TextWriter.Null, TextWriter.Null).AddTo(configuration);
        return new ServiceCollection().AddLogging().AddResponseStore(configuration.Build()).BuildServiceProvider();
    }
}
