using Responses.Inference;
using Responses.Server.Errors;

namespace Responses.Server.Runs;

/// <summary>The request's model, or OpenAI's 404 naming what is served instead: the same answer on every route.</summary>
public static class ModelCatalogExtensions
{
    public static ILanguageModel Require(this IModelCatalog catalog, string model) =>
        catalog.Find(model) ?? throw ModelNotFound(catalog, model);

    private static ApiException ModelNotFound(IModelCatalog catalog, string model)
    {
        var served = string.Join(", ", catalog.Models.Select(m => $"'{m.Info.Id}'"));
        return ApiException.NotFound(
            $"The model '{model}' does not exist or you do not have access to it. This server serves {served}.",
            "model",
            ErrorTypes.ModelNotFound);
    }
}
