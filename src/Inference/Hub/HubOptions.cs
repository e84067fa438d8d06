namespace Responses.Inference.Hub;

/// <summary>
/// How models named hf:OWNER/REPO/FOLDER (or by a catalog name) are fetched; bound from the
/// <see cref="SectionName"/> section. The Hub's own environment variables fill what is left unset
/// (<see cref="HubEnvironment"/>), so a machine set up for huggingface_hub needs nothing more.
/// </summary>
public sealed class HubOptions
{
    public const string SectionName = "Inference:Hub";

    /// <summary>The Hub's address. Null: $HF_ENDPOINT (a mirror), else https://huggingface.co.</summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// The access token for gated and private repositories, sent only to <see cref="Endpoint"/> and never logged.
    /// Null: $HF_TOKEN, else the token file `huggingface-cli login` writes.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>Use only what is already downloaded, never the network. Null: $HF_HUB_OFFLINE (1, true, yes, on).</summary>
    public bool? Offline { get; set; }

    /// <summary>Files downloaded at once. The Hub's CDN serves each file at its own speed; a few at once fill the line.</summary>
    public int MaxConcurrentDownloads { get; set; } = 4;

    /// <summary>A download that receives nothing for this long is dropped and resumed (HTTP Range), up to <see cref="MaxAttempts"/>.</summary>
    public double StallTimeoutSeconds { get; set; } = 60;

    /// <summary>Tries per file when the connection drops or the Hub answers 5xx; each try resumes where the last stopped.</summary>
    public int MaxAttempts { get; set; } = 4;
}
