using Microsoft.AspNetCore.Mvc;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;

namespace Responses.Server.Api;

[ApiController]
public sealed class ModelsController(IModelCatalog catalog, TimeProvider clock) : ModelsControllerBase
{
    /// <summary>When this process started serving: the "created" of every model it lists.</summary>
    private readonly long startedAt = clock.GetUtcNow().ToUnixTimeSeconds();

    public override Task<ActionResult<ListModelsResponse>> ListModels(CancellationToken cancellationToken = default) =>
        Task.FromResult<ActionResult<ListModelsResponse>>(new ListModelsResponse { Data = [.. catalog.Models.Select(Describe)] });

    public override Task<ActionResult<Model>> RetrieveModel(string model, CancellationToken cancellationToken = default)
    {
        var found = catalog.Find(model) ?? throw ApiException.NotFound(
            $"The model '{model}' does not exist or you do not have access to it.", "model", ErrorTypes.ModelNotFound);
        return Task.FromResult<ActionResult<Model>>(Describe(found));
    }

    private Model Describe(ILanguageModel model) => new()
    {
        Id = model.Info.Id,
        Created = startedAt,
        OwnedBy = "local",
        InputModalities = model.Info.AcceptsImages ? [InputModalities.Text, InputModalities.Image] : [InputModalities.Text],
    };
}
