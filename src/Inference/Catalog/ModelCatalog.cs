using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Responses.Inference.EmbeddedModel;
using Responses.Inference.Generation;
using Responses.Inference.Models;

namespace Responses.Inference.Catalog;

/// <summary>The one configured model, loaded when the catalog is created; owns its native lifetime.</summary>
public sealed class ModelCatalog : IModelCatalog, IDisposable
{
    private readonly OrtLanguageModel model;

    public ModelCatalog(IOptions<InferenceOptions> options, ISeedSource seeds, ILoggerFactory loggerFactory)
    {
        var settings = options.Value;
        string folder, id;
        if (settings.ModelPath is { } path)
        {
            folder = Path.GetFullPath(path);
            id = settings.ModelId ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        }
        else
        {
            var cache = CacheDirectoryResolver.Resolve(settings.CacheDirectory);
            folder = WriteEmbeddedModel(cache);
            id = settings.ModelId ?? EmbeddedModelWriter.ModelId;
        }

        model = OrtLanguageModel.Load(folder, id, settings, seeds, loggerFactory.CreateLogger<OrtLanguageModel>());
        Models = [model];
    }

    public IReadOnlyList<ILanguageModel> Models { get; }

    public ILanguageModel? Find(string id) => string.Equals(id, model.Info.Id, StringComparison.Ordinal) ? model : null;

    public void Dispose() => model.Dispose();

    private static string WriteEmbeddedModel(string cacheDirectory)
    {
        try
        {
            return new EmbeddedModelWriter().EnsureWritten(cacheDirectory);
        }
        catch (Exception ex) when (ex is not ModelLoadException)
        {
            throw new ModelLoadException($"Could not write the embedded model under '{cacheDirectory}': {ex.Message}", ex);
        }
    }
}
