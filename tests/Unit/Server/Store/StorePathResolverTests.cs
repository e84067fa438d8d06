using Responses.Server.Storage;

namespace Responses.Tests.Unit.Server.Store;

public sealed class StorePathResolverTests
{
    [Fact]
    public void The_file_sits_beside_the_model_cache_under_the_same_root()
    {
        Assert.Equal(Path.Combine("/xdg", "responses", "store", "responses.db"), StorePathResolver.Resolve("/xdg", "/home/u", "/tmp"));
        Assert.Equal(Path.Combine("/home/u", ".cache", "responses", "store", "responses.db"), StorePathResolver.Resolve(null, "/home/u", "/tmp"));
        Assert.Equal(Path.Combine("/tmp", "responses", "store", "responses.db"), StorePathResolver.Resolve(null, null, "/tmp"));
    }

    [Fact]
    public void A_relative_XDG_CACHE_HOME_is_ignored()
    {
        Assert.Equal(Path.Combine("/home/u", ".cache", "responses", "store", "responses.db"), StorePathResolver.Resolve("rel", "/home/u", "/tmp"));
    }
}
