namespace Responses.Tests.Support;

/// <summary>Finds the repository (the folder with Responses.sln) and the optional shared folder beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/models beside the repository, when this machine has it (CI and fresh clones need not).</summary>
    public static string SharedModels => Path.GetFullPath(Path.Combine(Root, "..", "shared", "models"));

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
