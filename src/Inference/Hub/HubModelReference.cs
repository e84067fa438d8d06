namespace Responses.Inference.Hub;

/// <summary>
/// An ONNX Runtime GenAI folder in a Hugging Face Hub model repository, written
/// <c>hf:OWNER/REPO[/FOLDER][@REVISION]</c>: the folder is empty for the repository's root, the revision a branch,
/// tag or commit (default <c>main</c>).
/// </summary>
public sealed record HubModelReference(string Owner, string Repository, string Folder, string Revision)
{
    public const string Scheme = "hf:";
    public const string DefaultRevision = "main";

    private const string Form = "hf:OWNER/REPO[/FOLDER][@REVISION]";

    /// <summary>"OWNER/REPO", as the Hub's URLs and API name the repository.</summary>
    public string RepositoryId => $"{Owner}/{Repository}";

    /// <summary>A full commit id: the cache can answer for it without asking the Hub which commit a branch is at.</summary>
    public bool IsCommit => Revision.Length == 40 && Revision.All(char.IsAsciiHexDigitLower);

    public override string ToString() =>
        Scheme + RepositoryId + (Folder.Length > 0 ? "/" + Folder : "") + (Revision == DefaultRevision ? "" : "@" + Revision);

    /// <summary>Whether <paramref name="text"/> is meant as a Hub reference (it may still be malformed).</summary>
    public static bool HasScheme(string text) => text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <exception cref="ModelLoadException">The text does not have the form, naming what is wrong.</exception>
    public static HubModelReference Parse(string text)
    {
        if (!HasScheme(text))
            throw Malformed(text, $"it does not start with '{Scheme}'");
        var rest = text[Scheme.Length..];
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var revision = at < 0 ? DefaultRevision : rest[(at + 1)..];
        var path = (at < 0 ? rest : rest[..at]).Trim('/');
        var segments = path.Split('/');
        if (segments.Length < 2)
            throw Malformed(text, "it names no repository");
        if (!IsName(segments[0]) || !IsName(segments[1]))
            throw Malformed(text, $"'{segments[0]}/{segments[1]}' is not a repository id (letters, digits, '-', '_' and '.')");
        if (segments.Skip(2).Any(segment => !IsPathSegment(segment)))
            throw Malformed(text, "the folder has an empty, '.' or '..' part");
        if (revision.Length == 0 || revision.Split('/').Any(segment => !IsPathSegment(segment)) || revision.Any(char.IsWhiteSpace))
            throw Malformed(text, $"'{revision}' is not a revision (a branch, tag or commit)");
        return new HubModelReference(segments[0], segments[1], string.Join('/', segments.Skip(2)), revision);
    }

    private static ModelLoadException Malformed(string text, string reason) =>
        new($"'{text}' is not a Hugging Face model reference: {reason}. Write {Form}, e.g. "
            + "hf:microsoft/Phi-4-mini-instruct-onnx/cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4.");

    // The Hub's repository names: letters, digits, '-', '_' and '.', not starting or ending with '-' or '.'.
    private static bool IsName(string name) =>
        name.Length is > 0 and <= 96
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
        && name[0] is not ('-' or '.') && name[^1] is not ('-' or '.');

    private static bool IsPathSegment(string segment) =>
        segment.Length > 0 && segment is not ("." or "..") && !segment.Contains('\\', StringComparison.Ordinal);
}
