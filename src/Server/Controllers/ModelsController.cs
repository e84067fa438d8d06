using Microsoft.AspNetCore.Mvc;
using Responses.Generated;
using Responses.Inference;

namespace Responses.Server.Controllers;

[ApiController]
public sealed class ModelsController(IModelCatalog catalog, TimeProvider clock) : ModelsControllerBase
{
    /// <summary>When this process started serving: the "created" of every model it lists.</summary>
    private readonly long startedAt = clock.GetUtcNow().ToUnixTimeSeconds();

    public override Task<ActionResult<ListModelsResponse>> ListModels(CancellationToken cancellationToken = default) =>
        Task.FromResult<ActionResult<ListModelsResponse>>(new ListModelsResponse
        {
            Data = [.. catalog.Models.Select(model => new Model { Id = model.Info.Id, Created = startedAt, OwnedBy = "local" })],
        });
}
