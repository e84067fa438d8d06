using Responses.Inference.Catalog;
using Responses.Inference.EmbeddedModel;

namespace Responses.Inference.Hub;

/// <summary>Reads what the model cache holds, with sizes, for --list-models. Only reads the disk; never the network.</summary>
public static class ModelCacheContents
{
    public static ModelCacheReport Read(InferenceOptions options)
    {
        var directory = Path.GetFullPath(CacheDirectoryResolver.Resolve(options.CacheDirectory));
        var folders = new List<CachedModelFolder>();
        var unfinished = new List<CachedModelFolder>();
        if (Directory.Exists(directory))
        {
            foreach (var embedded in Directory.EnumerateDirectories(directory).Where(HubCache.IsComplete).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(embedded);
                folders.Add(new CachedModelFolder($"embedded model ({name})", embedded, Bytes(embedded),
                    name.StartsWith(EmbeddedModelWriter.ModelId, StringComparison.Ordinal) ? EmbeddedModelWriter.ModelId : null));
            }
        }

        var root = new HubCache(directory).Root;
        IEnumerable<string> repositories = Directory.Exists(root)
            ? Directory.EnumerateDirectories(root).SelectMany(Directory.EnumerateDirectories).Order(StringComparer.Ordinal)
            : [];
        foreach (var repository in repositories)
        {
            var owner = Path.GetFileName(Path.GetDirectoryName(repository))!;
            var name = Path.GetFileName(repository);
            var revisions = Revisions(Path.Combine(repository, HubCache.RefsFolder));
            foreach (var snapshot in Directory.EnumerateDirectories(repository).Where(path => !Path.GetFileName(path).StartsWith('.') && Path.GetFileName(path) != HubCache.RefsFolder))
            {
                var commit = Uri.UnescapeDataString(Path.GetFileName(snapshot));
                foreach (var (folder, path) in Folders(snapshot, HubCache.IsComplete))
                {
                    var reference = new HubModelReference(owner, name, folder, revisions.GetValueOrDefault(commit) ?? commit);
                    var known = ModelNames.Entries.FirstOrDefault(entry => Same(entry.Source, reference))?.Name;
                    folders.Add(new CachedModelFolder(Describe(reference, commit), path, Bytes(path), known));
                }
            }

            var incomplete = Path.Combine(repository, HubCache.IncompleteFolder);
            foreach (var snapshot in Directory.Exists(incomplete) ? Directory.EnumerateDirectories(incomplete) : [])
            {
                var commit = Uri.UnescapeDataString(Path.GetFileName(snapshot));
                foreach (var (folder, path) in Folders(snapshot, path => Directory.EnumerateFiles(path).Any()))
                    unfinished.Add(new CachedModelFolder(new HubModelReference(owner, name, folder, commit).ToString(), path, Bytes(path), null));
            }
        }

        return new ModelCacheReport(directory, folders, unfinished);
    }

    /// <summary>Bytes as the server's logs write them (KiB, MiB, GiB).</summary>
    public static string Size(long bytes) => ModelLoader.Size(bytes);

    /// <summary>The folders under a snapshot (itself included) that pass <paramref name="keep"/>, as Hub folder paths.</summary>
    private static IEnumerable<(string Folder, string Path)> Folders(string snapshot, Func<string, bool> keep) =>
        Directory.EnumerateDirectories(snapshot, "*", SearchOption.AllDirectories).Prepend(snapshot).Where(keep).Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(snapshot, path) is var relative && relative == "." ? "" : relative.Replace(Path.DirectorySeparatorChar, '/'), path));

    /// <summary>Commit -> the branch or tag that pointed to it when it was pulled ("main" preferred).</summary>
    private static Dictionary<string, string> Revisions(string refs)
    {
        var revisions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(refs))
            return revisions;
        foreach (var file in Directory.EnumerateFiles(refs, "*", SearchOption.AllDirectories).Where(file => !file.EndsWith(".tmp", StringComparison.Ordinal)))
        {
            var revision = Path.GetRelativePath(refs, file).Replace(Path.DirectorySeparatorChar, '/');
            var commit = File.ReadAllText(file).Trim();
            if (!revisions.ContainsKey(commit) || revision == HubModelReference.DefaultRevision)
                revisions[commit] = revision;
        }

        return revisions;
    }

    private static string Describe(HubModelReference reference, string commit) =>
        reference.Revision == commit || commit.Length != 40 ? reference.ToString() : $"{reference} (commit {commit[..7]})";

    private static bool Same(HubModelReference a, HubModelReference b) =>
        string.Equals(a.RepositoryId, b.RepositoryId, StringComparison.OrdinalIgnoreCase) && a.Folder == b.Folder && a.Revision == b.Revision;

    /// <summary>The files directly in the folder (a model folder is flat; subfolders are other models).</summary>
    private static long Bytes(string folder) => new DirectoryInfo(folder).EnumerateFiles().Sum(file => file.Length);
}
