using Responses.Inference.Hub;

namespace Responses.Inference.Catalog;

/// <summary>
/// A model the catalog will load: its folder (null: an embedded model, written first, or <paramref name="Hub"/>'s
/// folder, pulled first) and its id.
/// </summary>
internal sealed record ServedModel(string? Folder, string Id, HubModelReference? Hub = null)
{
    /// <summary>With no folder and no hub source: the tiny vision model rather than the text one.</summary>
    public bool Vision { get; init; }
}
