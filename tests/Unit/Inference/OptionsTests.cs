using Responses.Inference.Catalog;

namespace Responses.Tests.Unit.Inference;

public sealed class OptionsTests
{
    [Fact]
    public void Cache_directory_prefers_configuration_then_xdg_then_home_then_temp()
    {
        Assert.Equal("/configured", CacheDirectoryResolver.Resolve("/configured", "/xdg", "/home/u", "/tmp"));
        Assert.Equal(Path.Combine("/xdg", "responses", "models"), CacheDirectoryResolver.Resolve(null, "/xdg", "/home/u", "/tmp"));
        Assert.Equal(Path.Combine("/home/u", ".cache", "responses", "models"), CacheDirectoryResolver.Resolve(null, null, "/home/u", "/tmp"));
        Assert.Equal(Path.Combine("/tmp", "responses", "models"), CacheDirectoryResolver.Resolve(null, "", "", "/tmp"));
    }

    [Fact]
    public void A_relative_xdg_cache_home_is_ignored()
        => Assert.Equal(Path.Combine("/home/u", ".cache", "responses", "models"), CacheDirectoryResolver.Resolve(null, "relative", "/home/u", "/tmp"));

    [Fact]
    public void Defaults_are_valid()
        => Assert.True(new InferenceOptionsValidator().Validate(null, new InferenceOptions()).Succeeded);

    [Fact]
    public void Invalid_settings_are_each_reported()
    {
        var result = new InferenceOptionsValidator().Validate(null, new InferenceOptions
        {
            ModelPath = " ",
            ModelId = "has space",
            CacheDirectory = "",
            ChatTemplate = " ",
            PrefillChunkTokens = -1,
        });
        Assert.True(result.Failed);
        Assert.Equal(5, result.Failures!.Count());
    }
}
