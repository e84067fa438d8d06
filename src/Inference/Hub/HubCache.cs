namespace Responses.Inference.Hub;

/// <summary>
/// Where pulled folders live under the model cache:
/// <c>hub/OWNER/REPO/COMMIT/FOLDER</c> holds a complete folder; <c>hub/OWNER/REPO/refs/REVISION</c> the commit a
/// branch or tag was at when it was pulled (so a later start needs no request); <c>hub/OWNER/REPO/.incomplete/</c>
/// the downloads under way. A folder counts as complete once its genai_config.json is there: it is moved in last.
/// </summary>
internal sealed class HubCache(string modelsDirectory)
{
    public const string ConfigFile = "genai_config.json";
    public const string IncompleteFolder = ".incomplete";
    public const string LocksFolder = ".locks";
    public const string RefsFolder = "refs";

    public string Root { get; } = Path.Combine(Path.GetFullPath(modelsDirectory), "hub");

    public string RepositoryFolder(HubModelReference model) => Path.Combine(Root, model.Owner, model.Repository);

    public string SnapshotFolder(HubModelReference model, string commit) =>
        Path.Combine([RepositoryFolder(model), Key(commit), .. Parts(model.Folder)]);

    public string StagingFolder(HubModelReference model, string commit) =>
        Path.Combine([RepositoryFolder(model), IncompleteFolder, Key(commit), .. Parts(model.Folder)]);

    /// <summary>Held while one process pulls this folder at this commit; another waits for it.</summary>
    public string LockFile(HubModelReference model, string commit) =>
        Path.Combine(RepositoryFolder(model), LocksFolder, Key(commit) + (model.Folder.Length > 0 ? "--" + model.Folder.Replace('/', '-') : "") + ".lock");

    /// <summary>The complete folder for <paramref name="model"/> already here, without asking the Hub; null when there is none.</summary>
    public string? FindComplete(HubModelReference model)
    {
        var commit = model.IsCommit ? model.Revision : ReadRef(model);
        if (commit is null)
            return null;
        var folder = SnapshotFolder(model, commit);
        return IsComplete(folder) ? folder : null;
    }

    public void WriteRef(HubModelReference model, string commit)
    {
        if (model.IsCommit)
            return;
        var path = RefFile(model);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, commit);
        File.Move(temporary, path, overwrite: true);
    }

    public static bool IsComplete(string folder) => File.Exists(Path.Combine(folder, ConfigFile));

    /// <summary>The commit as one path segment (a commit id already is one; a revision like refs/pr/2 is escaped).</summary>
    public static string Key(string commit) => Uri.EscapeDataString(commit);

    private string? ReadRef(HubModelReference model)
    {
        var path = RefFile(model);
        try
        {
            return File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } commit ? commit : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private string RefFile(HubModelReference model) => Path.Combine([RepositoryFolder(model), RefsFolder, .. model.Revision.Split('/')]);

    private static string[] Parts(string folder) => folder.Length == 0 ? [] : folder.Split('/');
}
