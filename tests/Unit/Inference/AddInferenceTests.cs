using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Responses.Inference;
using Responses.Inference.Catalog;

namespace Responses.Tests.Unit.Inference;

public sealed class AddInferenceTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddInference(configuration);
        return services.BuildServiceProvider();
    }

    [ModelFact]
    public void The_catalog_serves_the_configured_folder_under_its_folder_name_or_the_configured_id()
    {
        using (var provider = Build(new() { ["Inference:ModelPath"] = TestModels.PathOf(TestModels.Gpt2) }))
        {
            var catalog = provider.GetRequiredService<IModelCatalog>();
            var model = Assert.Single(catalog.Models);
            Assert.Equal(TestModels.Gpt2, model.Info.Id);
            Assert.Equal(512, model.Info.ContextLength);
            Assert.Same(model, catalog.Find(TestModels.Gpt2));
            Assert.Null(catalog.Find("other"));
        }

        using (var provider = Build(new() { ["Inference:ModelPath"] = TestModels.PathOf(TestModels.Gpt2), ["Inference:ModelId"] = "tiny" }))
            Assert.NotNull(provider.GetRequiredService<IModelCatalog>().Find("tiny"));
    }

    [Fact]
    public void Invalid_options_fail_validation()
    {
        using var provider = Build(new() { ["Inference:PrefillChunkTokens"] = "-5" });
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<InferenceOptions>>().Value);
    }

    [Fact]
    public void Without_a_model_path_the_embedded_models_are_written_to_the_cache_and_served()
    {
        var cache = Path.Combine(Path.GetTempPath(), "responses-tests", "cache");
        using var provider = Build(new() { ["Inference:CacheDirectory"] = cache });

        var models = provider.GetRequiredService<IModelCatalog>().Models;

        Assert.Equal(
            [(Responses.Inference.EmbeddedModel.EmbeddedModelWriter.ModelId, false), (Responses.Inference.EmbeddedModel.VisionModelWriter.ModelId, true)],
            models.Select(model => (model.Info.Id, model.Info.AcceptsImages)));
        foreach (var model in models)
        {
            Assert.Equal(32768, model.Info.ContextLength);
            Assert.StartsWith(Path.GetFullPath(cache) + Path.DirectorySeparatorChar, model.Info.Path);
        }
    }

    [Fact]
    public void An_embedded_model_that_cannot_be_written_is_a_model_load_exception_naming_the_cache()
    {
        // A file where the cache directory should be: the folder cannot be created.
        var cache = Path.Combine(Directory.CreateTempSubdirectory("responses-tests-").FullName, "not-a-directory");
        File.WriteAllText(cache, "");
        using var provider = Build(new() { ["Inference:CacheDirectory"] = cache });

        var error = Assert.Throws<ModelLoadException>(() => provider.GetRequiredService<IModelCatalog>());

        Assert.Contains(cache, error.Message);
    }
}
