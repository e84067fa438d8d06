namespace Responses.Server.Runs.EncryptedReasoning;

/// <summary>
/// The key that seals reasoning items' encrypted_content. Bound from "Reasoning" (environment: Reasoning__Key,
/// Reasoning__KeyFile). Unset, the key is a file next to the SQLite store, made on first use, so it outlives restarts
/// as the stored responses do.
/// </summary>
public sealed class ReasoningOptions
{
    public const string SectionName = "Reasoning";

    /// <summary>
    /// The key itself, base64 of 32 bytes (<c>openssl rand -base64 32</c>): give every replica behind one address the
    /// same, so any of them opens what another sealed. Wins over <see cref="KeyFile"/>.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>
    /// A file holding the key as base64 text, made (owner-only) when missing. Unset: reasoning.key in the SQLite
    /// store's folder, or in the default store folder for the other backends.
    /// </summary>
    public string? KeyFile { get; set; }
}
