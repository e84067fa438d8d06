namespace Responses.Inference.Hub;

/// <summary>One file's download, reported as its bytes arrive. Called from any thread.</summary>
public interface IFileDownloadProgress
{
    void Received(long bytes);

    /// <summary>The connection dropped (or the Hub failed) and the download goes on from <paramref name="resumeAt"/>.</summary>
    void Retrying(string reason, long resumeAt, int attempt, int maxAttempts);

    /// <summary>The file is complete and passed <paramref name="check"/> ("SHA-256 verified").</summary>
    void Completed(string check);

    /// <summary>The file's download stopped; the reason is the start's error line.</summary>
    void Failed();
}
