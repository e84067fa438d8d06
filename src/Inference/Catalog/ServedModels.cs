using Responses.Inference.EmbeddedModel;
using Responses.Inference.Hub;

namespace Responses.Inference.Catalog;

/// <summary>
/// Turns the options into the list of models to load: Inference:ModelPath (the one-model form) first, then
/// Inference:Models in order; with neither, the embedded text model (the default of a request that names none) and
/// the tiny vision model beside it, so images work out of the box. Pure, so every rule is testable without a model.
/// </summary>
internal static class ServedModels
{
    /// <exception cref="ModelLoadException">Two models would answer to the same id.</exception>
    public static IReadOnlyList<ServedModel> Resolve(InferenceOptions options)
    {
        var served = new List<ServedModel>();
        if (options.ModelPath is { } path)
            served.Add(FromFolder(path, options.ModelId));
        foreach (var source in options.Models)
            served.Add(FromFolder(source.Path ?? "", source.Id));
        if (served.Count == 0)
        {
            served.Add(new ServedModel(null, options.ModelId ?? EmbeddedModelWriter.ModelId));
            // A --model-id that takes the vision model's name names the text model: the id stays the user's.
            if (options.ModelId != VisionModelWriter.ModelId)
                served.Add(new ServedModel(null, VisionModelWriter.ModelId) { Vision = true });
        }

        // Checked before anything loads: a clash found after the first model took its memory wastes the wait.
        var clash = served.GroupBy(model => model.Id, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (clash is not null)
        {
            var folders = string.Join(" and ", clash.Select(model => $"'{model.Folder ?? model.Hub?.ToString() ?? "the embedded model"}'"));
            throw new ModelLoadException(
                $"Two models have the id '{clash.Key}' ({folders}); give each its own --model-id (Inference:Models:N:Id).");
        }

        return served;
    }

    private static ServedModel FromFolder(string path, string? id)
    {
        // hf:OWNER/REPO/FOLDER, or a catalog name that is not a folder here: pulled from the Hub when it loads.
        if (HubModelSource.Find(path) is { } hub)
            return new ServedModel(null, id ?? hub.DefaultId, hub.Reference);
        var folder = System.IO.Path.GetFullPath(path);
        return new ServedModel(folder, id ?? System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(folder)));
    }
}
