using Microsoft.Extensions.Configuration;

namespace Responses.Inference.Hub;

/// <summary>
/// Fills the Hub options a user left unset from the variables huggingface_hub reads (HF_ENDPOINT, HF_TOKEN,
/// HF_HUB_OFFLINE, the token file of `huggingface-cli login`), read through configuration so tests set them there
/// instead of in the process environment.
/// </summary>
internal static class HubEnvironment
{
    public const string DefaultEndpoint = "https://huggingface.co";

    private static readonly string[] TrueWords = ["1", "true", "yes", "on"];

    public static void Apply(HubOptions options, IConfiguration configuration)
    {
        options.Endpoint = (NonEmpty(options.Endpoint) ?? NonEmpty(configuration["HF_ENDPOINT"]) ?? DefaultEndpoint).TrimEnd('/');
        options.Token = NonEmpty(options.Token)
            ?? NonEmpty(configuration["HF_TOKEN"])
            ?? NonEmpty(configuration["HUGGING_FACE_HUB_TOKEN"])
            ?? ReadTokenFile(configuration);
        options.Offline ??= NonEmpty(configuration["HF_HUB_OFFLINE"]) is { } offline
            && TrueWords.Contains(offline, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>$HF_TOKEN_PATH, else $HF_HOME/token, else $XDG_CACHE_HOME/huggingface/token or ~/.cache/huggingface/token.</summary>
    private static string? ReadTokenFile(IConfiguration configuration)
    {
        var home = NonEmpty(configuration["HF_HOME"])
            ?? Path.Combine(NonEmpty(configuration["XDG_CACHE_HOME"]) ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "huggingface");
        var path = NonEmpty(configuration["HF_TOKEN_PATH"]) ?? Path.Combine(home, "token");
        try
        {
            return File.Exists(path) ? NonEmpty(File.ReadAllText(path).Trim()) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // an unreadable token file is no token, as for huggingface_hub
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
