using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Responses.Inference.Engine;
using Responses.Inference.Hub;

namespace Responses.Inference.Catalog;

/// <summary>
/// The configured models, loaded one after another when the catalog is created, found by id; owns their native
/// lifetimes. If any model fails, the ones already loaded are freed and the failure names the folder at fault.
/// </summary>
public sealed class ModelCatalog : IModelCatalog, IDisposable
{
    private readonly Dictionary<string, ModelEngine> byId = new(StringComparer.Ordinal);
    private readonly List<ModelEngine> models = [];

    public ModelCatalog(IOptions<InferenceOptions> options, ISeedSource seeds, ILoggerFactory loggerFactory, HubModelPuller hub)
    {
        var settings = options.Value;
        var loader = new ModelLoader(settings, seeds, loggerFactory, hub);
        try
        {
            foreach (var served in ServedModels.Resolve(settings))
            {
                var model = loader.Load(served);
                models.Add(model);
                byId.Add(served.Id, model);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IReadOnlyList<ILanguageModel> Models => models;

    public ILanguageModel? Find(string id) => byId.GetValueOrDefault(id);

    public void Dispose()
    {
        foreach (var model in models)
            model.Dispose();
    }
}
