namespace Responses.Benchmarks;

/// <summary>Where the repository and the server's build output are.</summary>
internal static class Repository
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Responses.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the bench from inside the repository (no Responses.sln above it).");
    }

    /// <summary>The server this bench's own build produced (it references the Server project without using it).</summary>
    public static string ServerDll(string root)
    {
        var dll = Path.Combine(root, "src", "Server", "bin", Configuration, "net10.0", "Responses.Server.dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"No server build at {dll}; run `dotnet build -c {Configuration} src/Server`.", dll);
    }
}
