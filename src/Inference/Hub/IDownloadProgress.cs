namespace Responses.Inference.Hub;

/// <summary>Shows downloads as they happen: one <see cref="IFileDownloadProgress"/> per file, several at once.</summary>
public interface IDownloadProgress
{
    /// <param name="name">The file's name.</param>
    /// <param name="totalBytes">Its size on the Hub.</param>
    /// <param name="resumedAt">Bytes already on disk from an earlier, interrupted download.</param>
    IFileDownloadProgress Begin(string name, long totalBytes, long resumedAt);
}
