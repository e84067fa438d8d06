using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Responses.Inference.Hub;

/// <summary>
/// The check a downloaded file must pass: for an LFS file the SHA-256 the Hub lists for its content, for any other
/// the git blob id (SHA-1 of "blob SIZE\0" and the bytes), which is what the Hub lists as its oid. Fed as the bytes
/// arrive, so a multi-gigabyte file is not read twice.
/// </summary>
internal sealed class FileDigest : IDisposable
{
    private readonly HashAlgorithmName algorithm;
    private readonly byte[]? prefix;
    private IncrementalHash hash;

    private FileDigest(HashAlgorithmName algorithm, string expected, byte[]? prefix)
    {
        this.algorithm = algorithm;
        this.prefix = prefix;
        Expected = expected.ToLowerInvariant();
        hash = Start();
    }

    /// <summary>The hex digest the file must have.</summary>
    public string Expected { get; }

    /// <summary>"SHA-256" or "git SHA-1", for the messages.</summary>
    public string Name => algorithm == HashAlgorithmName.SHA256 ? "SHA-256" : "git SHA-1";

    /// <summary>The check for <paramref name="entry"/>, or null when the Hub listed no hash for it (size only).</summary>
    public static FileDigest? For(HubEntry entry) =>
        entry.Lfs is { Oid.Length: 64 } lfs ? new FileDigest(HashAlgorithmName.SHA256, lfs.Oid, null)
        : entry.Lfs is null && entry.Oid is { Length: 40 } oid
            ? new FileDigest(HashAlgorithmName.SHA1, oid, Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"blob {entry.Size}\0")))
            : null;

    public void Append(ReadOnlySpan<byte> bytes) => hash.AppendData(bytes);

    /// <summary>Forgets what was fed: the download starts over from byte 0.</summary>
    public void Reset()
    {
        hash.Dispose();
        hash = Start();
    }

    /// <summary>The digest of everything fed so far, in lower-case hex.</summary>
    public string Actual() => Convert.ToHexStringLower(hash.GetCurrentHash());

    public void Dispose() => hash.Dispose();

    private IncrementalHash Start()
    {
        var started = IncrementalHash.CreateHash(algorithm);
        if (prefix is not null)
            started.AppendData(prefix);
        return started;
    }
}
