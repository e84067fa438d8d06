using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Responses.Server.Storage;

namespace Responses.Server.Runs.EncryptedReasoning;

/// <summary>
/// A reasoning item's encrypted_content: its thinking sealed with AES-256-GCM under the server's key, bound to the
/// caller's API key (its owner id is the associated data), so the content is opaque, any change to it is caught, and
/// only the same key's caller can have it read back. Clients that keep no state (Codex: store false) replay it and
/// the thinking returns to the prompt. Layout, base64: version (1 byte), nonce (12), tag (16), ciphertext.
/// </summary>
public sealed class ReasoningSeal
{
    private const byte Version = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int HeaderBytes = 1 + NonceBytes + TagBytes;

    private readonly Lazy<byte[]> key;

    /// <summary>The key is loaded (or its file made) when first needed, so a server nobody asks for sealing writes no file.</summary>
    public ReasoningSeal(IOptions<ReasoningOptions> options, IOptions<StoreOptions> store, ILogger<ReasoningSeal> logger)
    {
        key = new Lazy<byte[]>(() =>
        {
            var (bytes, source) = ReasoningKey.Load(options.Value, store.Value);
            logger.LogInformation("Reasoning items are sealed with the key from {Source}.", source);
            return bytes;
        });
    }

    /// <summary>A seal under a given key (tests).</summary>
    internal ReasoningSeal(byte[] key)
    {
        this.key = new Lazy<byte[]>(key);
    }

    /// <param name="owner">The caller's owner id (<see cref="Storage.CallerIdentity.Owner"/>); null on a server without keys.</param>
    public string Seal(string thinking, string? owner)
    {
        ArgumentNullException.ThrowIfNull(thinking);
        var plain = Encoding.UTF8.GetBytes(thinking);
        var sealedBytes = new byte[HeaderBytes + plain.Length];
        sealedBytes[0] = Version;
        var nonce = sealedBytes.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Value, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(HeaderBytes), sealedBytes.AsSpan(1 + NonceBytes, TagBytes), AssociatedData(owner));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The thinking, or null when the content is not one this server sealed for this caller, or was changed.</summary>
    public string? Open(string? content, string? owner) => Read(content, owner).Thinking;

    /// <summary>
    /// The thinking, and whether the content has this server's layout at all: content another server wrote (OpenAI's,
    /// or another local server's) does not, while content sealed here, then changed or sealed for another API key or
    /// under another key, still does.
    /// </summary>
    public OpenedReasoning Read(string? content, string? owner)
    {
        if (string.IsNullOrEmpty(content))
            return new OpenedReasoning(false, null);
        var sealedBytes = new byte[content.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(content, sealedBytes, out var length) || length < HeaderBytes || sealedBytes[0] != Version)
            return new OpenedReasoning(false, null);
        var plain = new byte[length - HeaderBytes];
        try
        {
            using var aes = new AesGcm(key.Value, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(1, NonceBytes), sealedBytes.AsSpan(HeaderBytes, plain.Length), sealedBytes.AsSpan(1 + NonceBytes, TagBytes), plain, AssociatedData(owner));
        }
        catch (AuthenticationTagMismatchException)
        {
            return new OpenedReasoning(true, null);
        }

        return new OpenedReasoning(true, Encoding.UTF8.GetString(plain));
    }

    /// <summary>What the tag also covers: the purpose (a sealed thinking is nothing else) and the caller.</summary>
    private static byte[] AssociatedData(string? owner) => Encoding.UTF8.GetBytes("responses.reasoning.v1\n" + (owner ?? string.Empty));
}

/// <summary>What a reasoning item's encrypted_content held for this caller.</summary>
/// <param name="SealedHere">It has this server's layout (whether or not it opened).</param>
/// <param name="Thinking">The thinking; null when it did not open.</param>
public readonly record struct OpenedReasoning(bool SealedHere, string? Thinking);
