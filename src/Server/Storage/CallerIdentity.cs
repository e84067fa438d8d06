namespace Responses.Server.Storage;

/// <summary>
/// Who sent this request, per request scope: the owner id of the API key it presented (set by
/// <see cref="ApiKeyMiddleware"/>), or null when the server has no keys. Stored responses are saved under it and
/// found only by it, so every path that loads a response through the store's classes is isolated by key.
/// </summary>
public sealed class CallerIdentity
{
    public string? Owner { get; private set; }

    internal void Authenticated(string owner) => Owner = owner;

    /// <summary>Whether a response stored under <paramref name="owner"/> is this caller's to see.</summary>
    public bool Owns(string? owner) => string.Equals(owner, Owner, StringComparison.Ordinal);
}
