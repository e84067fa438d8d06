namespace Responses.Inference.Hub;

/// <summary>
/// One entry of the Hub's tree listing (GET api/models/{repo}/tree/{revision}/{folder}), as the Hub writes it:
/// <c>{"type":"file","oid":"&lt;git blob sha1&gt;","size":N,"path":"folder/name","lfs":{"oid":"&lt;sha256&gt;","size":N}}</c>.
/// </summary>
/// <param name="Oid">The git blob id (SHA-1 of "blob SIZE\0" and the bytes); for an LFS file, of its pointer.</param>
/// <param name="Lfs">Set for files stored in LFS (weights, large tokenizers): the content's SHA-256 and size.</param>
internal sealed record HubEntry(string Type, string Path, long Size, string? Oid, HubLfsPointer? Lfs)
{
    public bool IsFile => Type == "file";

    /// <summary>The file's name within its folder.</summary>
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary>The bytes the file holds (for an LFS file, the content's, not the pointer's).</summary>
    public long ContentSize => Lfs?.Size ?? Size;
}

/// <summary>The "lfs" member of a tree entry: the content's SHA-256 (<see cref="Oid"/>) and size.</summary>
internal sealed record HubLfsPointer(string Oid, long Size);
