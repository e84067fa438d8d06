namespace Responses.Inference.Hub;

/// <summary>What the model cache holds.</summary>
/// <param name="Directory">The model cache folder (Inference:CacheDirectory, or ~/.cache/responses/models).</param>
/// <param name="Folders">Complete folders: pulled from the Hub, and the embedded model.</param>
/// <param name="Unfinished">Downloads that stopped before the end; the next start with that model resumes them.</param>
public sealed record ModelCacheReport(string Directory, IReadOnlyList<CachedModelFolder> Folders, IReadOnlyList<CachedModelFolder> Unfinished);
