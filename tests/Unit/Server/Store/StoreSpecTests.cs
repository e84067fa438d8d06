using Responses.Server.Storage;

namespace Responses.Tests.Unit.Server.Store;

public sealed class StoreSpecTests
{
    [Theory]
    [InlineData("memory", StoreBackend.Memory, null, null)]
    [InlineData("MEMORY", StoreBackend.Memory, null, null)]
    [InlineData("sqlite", StoreBackend.Sqlite, null, null)]
    [InlineData("sqlite:/data/responses.db", StoreBackend.Sqlite, "/data/responses.db", null)]
    [InlineData("sqlite:relative/r.db", StoreBackend.Sqlite, "relative/r.db", null)]
    [InlineData("sqlite:/data/a:b:c.db", StoreBackend.Sqlite, "/data/a:b:c.db", null)]
    [InlineData(@"sqlite:C:\data\r.db", StoreBackend.Sqlite, @"C:\data\r.db", null)]
    [InlineData("postgres:Host=db;Database=r;Password=a:b", StoreBackend.Postgres, null, "Host=db;Database=r;Password=a:b")]
    [InlineData("postgresql:Host=db", StoreBackend.Postgres, null, "Host=db")]
    public void Parses(string text, StoreBackend backend, string? path, string? connectionString)
    {
        Assert.True(StoreSpec.TryParse(text, out var spec, out var error), error);
        Assert.Equal(new StoreSpec(backend, path, connectionString), spec);
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("")]
    [InlineData("sqlite:")]
    [InlineData("sqlite:  ")]
    [InlineData("postgres")]
    [InlineData("postgres:")]
    [InlineData("memory:/x")]
    [InlineData(":memory")]
    public void Refuses_naming_the_value_and_the_forms(string text)
    {
        Assert.False(StoreSpec.TryParse(text, out _, out var error));
        Assert.Contains($"'{text}'", error, StringComparison.Ordinal);
        Assert.Contains("sqlite:PATH", error, StringComparison.Ordinal);
    }
}
