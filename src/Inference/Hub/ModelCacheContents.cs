using Responses.Inference.Catalog;
using Responses.Inference.EmbeddedModel;

namespace Responses.Inference.Hub;

/// <summary>Reads what the model cache holds, with sizes, for --list-models. Only reads the disk; never the network.</summary>
public static class ModelCacheContents
{
    public static ModelCacheReport Read(InferenceOptions options)
    {
        var directory = Path.GetFullPath(CacheDirectoryResolver.Resolve(options.CacheDirectory));
        var cache = new HubCache(directory);
        var folders = new List<CachedModelFolder>();
        var unfinished = new List<CachedModelFolder>();
        if (Directory.Exists(directory))
        {
            foreach (var embedded in Directory.EnumerateDirectories(directory).Where(HubCache.IsComplete).Order(StringComparer.Ordinal))
                folders.Add(new CachedModelFolder($"embedded model ({Path.GetFileName(embedded)})", embedded, Bytes(embedded, SearchOption.TopDirectoryOnly),
                    Path.GetFileName(embedded).StartsWith(EmbeddedModelWriter.ModelId, StringComparison.Ordinal) ? EmbeddedModelWriter.ModelId : null));
        }

        foreach (var repository in Repositories(cache.Root))
            ReadRepository(repository, folders, unfinished);
        return new ModelCacheReport(directory, folders, unfinished);
    }

    /// <summary>Bytes as the server's logs write them (KiB, MiB, GiB).</summary>
    public static string Size(long bytes) => ModelLoader.Size(bytes);

    private static IEnumerable<string> Repositories(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateDirectories(root).SelectMany(Directory.EnumerateDirectories).Order(StringComparer.Ordinal)
            : [];

    private static void ReadRepository(string repository, List<CachedModelFolder> folders, List<CachedModelFolder> unfinished)
    {
        var id = $"{Path.GetFileName(Path.GetDirectoryName(repository))}/{Path.GetFileName(repository)}";
        var revisions = Revisions(Path.Combine(repository, HubCache.RefsFolder));
        foreach (var snapshot in Directory.EnumerateDirectories(repository).Where(path => Path.GetFileName(path) is not (HubCache.RefsFolder or HubCache.IncompleteFolder or HubCache.LocksFolder)))
        {
            var commit = Uri.UnescapeDataString(Path.GetFileName(snapshot));
            var revision = revisions.GetValueOrDefault(commit) ?? commit;
            foreach (var folder in Directory.EnumerateDirectories(snapshot, "*", SearchOption.AllDirectories).Prepend(snapshot).Where(HubCache.IsComplete).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(snapshot, folder).Replace(Path.DirectorySeparatorChar, '/');
                var reference = new HubModelReference(id.Split('/')[0], id.Split('/')[1], relative == "." ? "" : relative, revision);
                var name = ModelNames.Entries.FirstOrDefault(entry => Same(entry.Source, reference))?.Name;
                folders.Add(new CachedModelFolder(Describe(reference, commit), folder, Bytes(folder, SearchOption.TopDirectoryOnly), name));
            }
        }

        var incomplete = Path.Combine(repository, HubCache.IncompleteFolder);
        if (!Directory.Exists(incomplete))
            return;
        foreach (var snapshot in Directory.EnumerateDirectories(incomplete))
        {
            foreach (var folder in Directory.EnumerateDirectories(snapshot, "*", SearchOption.AllDirectories).Prepend(snapshot)
                         .Where(path => Directory.EnumerateFiles(path).Any()).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(snapshot, folder).Replace(Path.DirectorySeparatorChar, '/');
                var commit = Uri.UnescapeDataString(Path.GetFileName(snapshot));
                var reference = new HubModelReference(id.Split('/')[0], id.Split('/')[1], relative == "." ? "" : relative, commit);
                unfinished.Add(new CachedModelFolder(Describe(reference, commit), folder, Bytes(folder, SearchOption.TopDirectoryOnly), null));
            }
        }
    }

    /// <summary>Commit -> the branch or tag that pointed to it when it was pulled.</summary>
    private static Dictionary<string, string> Revisions(string refs)
    {
        var revisions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(refs))
            return revisions;
        foreach (var file in Directory.EnumerateFiles(refs, "*", SearchOption.AllDirectories).Where(file => !file.EndsWith(".tmp", StringComparison.Ordinal)))
        {
            var revision = Path.GetRelativePath(refs, file).Replace(Path.DirectorySeparatorChar, '/');
            var commit = File.ReadAllText(file).Trim();
            // "main" is the one a user means without saying it: it wins the label.
            if (!revisions.ContainsKey(commit) || revision == HubModelReference.DefaultRevision)
                revisions[commit] = revision;
        }

        return revisions;
    }

    private static string Describe(HubModelReference reference, string commit) =>
        reference.Revision == commit || commit.Length != 40 ? reference.ToString() : $"{reference} (commit {commit[..7]})";

    private static bool Same(HubModelReference a, HubModelReference b) =>
        string.Equals(a.RepositoryId, b.RepositoryId, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Folder, b.Folder, StringComparison.Ordinal)
        && a.Revision == b.Revision;

    private static long Bytes(string folder, SearchOption depth) =>
        new DirectoryInfo(folder).EnumerateFiles("*", depth).Sum(file => file.Length);
}
