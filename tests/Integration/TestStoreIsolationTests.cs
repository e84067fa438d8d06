using Microsoft.Extensions.DependencyInjection;
using Responses.Server.Storage;
using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>Every test server gets the real default backend in a file of its own, gone when the server is.</summary>
public sealed class TestStoreIsolationTests
{
    [Fact]
    public async Task Each_factory_stores_in_its_own_SQLite_file_which_its_disposal_deletes()
    {
        var first = new ResponsesServerFactory();
        await using var second = new ResponsesServerFactory();
        var response = new StoredResponse("resp_1", "{}"u8.ToArray(), "[]"u8.ToArray(), "[]"u8.ToArray(), ResponsesServerFactory.Epoch.ToUnixTimeSeconds());

        await first.Services.GetRequiredService<IResponseStore>().SaveAsync(response, CancellationToken.None);

        Assert.True(File.Exists(first.StorePath));
        Assert.NotEqual(first.StorePath, second.StorePath);
        Assert.Null(await second.Services.GetRequiredService<IResponseStore>().FindAsync("resp_1", CancellationToken.None));
        await first.DisposeAsync();
        Assert.False(File.Exists(first.StorePath));
        Assert.False(File.Exists(first.StorePath + "-wal"));
    }
}
