namespace Responses.Inference.Hub;

/// <summary>A short name for a published ORT GenAI folder (<c>--model phi-4-mini</c>).</summary>
/// <param name="Name">What the user types; also the model's id unless --model-id says otherwise.</param>
/// <param name="Source">The repository, folder and revision the name stands for.</param>
/// <param name="DownloadBytes">About what the folder weighs on the Hub, as its file listing showed it.</param>
/// <param name="Summary">What the model is, in a few words.</param>
public sealed record ModelCatalogEntry(string Name, HubModelReference Source, long DownloadBytes, string Summary);
