namespace Responses.Inference.EmbeddedModel;

/// <summary>Writes a model folder once: readers never see it half written, and writers racing on it never share files.</summary>
internal static class AtomicFolder
{
    /// <summary>Runs <paramref name="write"/> into a staging folder and renames it to <paramref name="target"/>, unless that exists.</summary>
    public static string EnsureWritten(string target, Action<string> write)
    {
        if (Directory.Exists(target))
        {
            return target;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // A unique sibling on the same volume makes the final Directory.Move a single atomic rename.
        var staging = $"{target}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(staging);
            write(staging);
            Directory.Move(staging, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            // Another process won the race with identical content; use theirs.
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return target;
    }
}
