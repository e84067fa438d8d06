namespace Responses.Server.Host.Auth;

/// <summary>
/// API keys clients must send as "Authorization: Bearer KEY" on every /v1 path; none configured: the API is open.
/// From --api-key (repeatable) or "Auth:ApiKeys", the environment variable RESPONSES_API_KEYS (comma or whitespace
/// separated), and a keys file (--api-keys-file, one key per line, '#' comments); every source adds to the set.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The environment variable (a root configuration key) that lists keys.</summary>
    public const string KeysVariable = "RESPONSES_API_KEYS";

    public List<string> ApiKeys { get; set; } = [];

    /// <summary>A file of keys, one per line; blank lines and lines starting with '#' are skipped.</summary>
    public string? ApiKeysFile { get; set; }
}
