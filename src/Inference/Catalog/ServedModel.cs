namespace Responses.Inference.Catalog;

/// <summary>A model the catalog will load: its folder (null: the embedded model, written first) and its id.</summary>
internal sealed record ServedModel(string? Folder, string Id);
