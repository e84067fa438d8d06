namespace Responses.Inference.Hub;

/// <summary>A model folder in the model cache (or a download under way there).</summary>
/// <param name="Source">Where it came from: hf:OWNER/REPO/FOLDER[@REVISION], or the embedded model.</param>
/// <param name="Path">The folder on disk.</param>
/// <param name="Bytes">What its files take on disk.</param>
/// <param name="Name">The catalog name it answers to, if any.</param>
public sealed record CachedModelFolder(string Source, string Path, long Bytes, string? Name);
