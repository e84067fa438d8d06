using static Responses.Conformance.Checks.CheckContext;

namespace Responses.Conformance.Checks;

/// <summary>GET /models and /models/{id}: the list and the model the run asks for.</summary>
public static class ModelChecks
{
    public static IEnumerable<ConformanceCheck> All() =>
    [
        new("models.list", ListAsync),
        new("models.retrieve", RetrieveAsync),
    ];

    private static async Task ListAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var list = context.ExpectOk(await context.Api.GetAsync("models", cancellationToken), "ListModelsResponse", "GET /models");
        var ids = list["data"]!.AsArray().Select(model => (string?)model?["id"]).ToList();
        Expect(ids.Contains(context.Model), $"GET /models does not list '{context.Model}' (it lists {string.Join(", ", ids)})");
    }

    private static async Task RetrieveAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var reply = await context.Api.GetAsync("models/" + Uri.EscapeDataString(context.Model), cancellationToken);
        var model = context.ExpectOk(reply, "Model", $"GET /models/{context.Model}");
        Expect((string?)model["id"] == context.Model, $"GET /models/{context.Model} returned id '{model["id"]}'");
    }
}
