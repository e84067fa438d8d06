using System.Security.Cryptography;
using System.Text;

namespace Responses.Server.Host.Auth;

/// <summary>
/// The accepted keys, kept only as SHA-256 digests. A presented key is hashed and compared with every digest in
/// constant time (no early exit, equal lengths), so neither the comparison nor the loop says how close a guess was.
/// </summary>
public sealed class ApiKeyRing
{
    private readonly byte[][] digests;

    public ApiKeyRing(IEnumerable<string> keys)
    {
        digests = [.. keys.Select(Digest).DistinctBy(Convert.ToHexString)];
    }

    /// <summary>False when no key is configured: the API is open, as without this feature.</summary>
    public bool Enabled => digests.Length > 0;

    public int Count => digests.Length;

    /// <summary>The owner id of a configured key (see <see cref="OwnerOf"/>), or null when the key is not one of them.</summary>
    public string? Identify(string presented)
    {
        var digest = Digest(presented);
        var match = false;
        foreach (var known in digests)
        {
            match |= CryptographicOperations.FixedTimeEquals(known, digest);
        }

        return match ? OwnerOf(digest) : null;
    }

    /// <summary>
    /// What a stored response records as its owner: the key's SHA-256, never the key, so a copied database does not
    /// leak the keys that wrote it.
    /// </summary>
    public static string OwnerOf(string key) => OwnerOf(Digest(key));

    private static string OwnerOf(byte[] digest) => "sha256:" + Convert.ToHexStringLower(digest);

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
