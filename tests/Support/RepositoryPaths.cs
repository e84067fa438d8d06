namespace Responses.Tests.Support;

/// <summary>Finds the repository (the folder with Responses.sln) and the optional shared folder beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/models beside the repository, when this machine has it (CI and fresh clones need not).</summary>
    public static string SharedModels => Path.GetFullPath(Path.Combine(Root, "..", "shared", "models"));

    /// <summary>
    /// OpenAI's JSON Schemas for the Responses API (../shared/reference/openai-responses-schemas.json), or null when
    /// this machine does not have them.
    /// </summary>
    public static string? OpenAISchemas { get; } = ExistingFile(Path.Combine(Root, "..", "shared", "reference", "openai-responses-schemas.json"));

    private static string? ExistingFile(string path)
    {
        var full = Path.GetFullPath(path);
        return File.Exists(full) ? full : null;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Responses.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Responses.sln above {AppContext.BaseDirectory}.");
    }
}
