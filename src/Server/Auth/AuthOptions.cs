namespace Responses.Server.Auth;

/// <summary>
/// API keys from --api-key, "Auth:ApiKeys" or Auth__ApiKeys__0. Kept, not yet enforced: checking them (401s and
/// per-key isolation of stored responses) is issue 10, and until then the server says so at startup.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    public List<string> ApiKeys { get; set; } = [];
}
