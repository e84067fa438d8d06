namespace Responses.Server.Storage;

/// <summary>
/// The default SQLite file: responses/store/responses.db beside the model cache (responses/models), under the same
/// XDG cache root Inference resolves. Pure, so it is testable; Inference stays unaware of the store.
/// </summary>
public static class StorePathResolver
{
    public static string Resolve(string? xdgCacheHome, string? userHome, string tempPath)
    {
        // XDG says a relative $XDG_CACHE_HOME is invalid and must be ignored.
        var cacheRoot = !string.IsNullOrWhiteSpace(xdgCacheHome) && Path.IsPathRooted(xdgCacheHome) ? xdgCacheHome
            : !string.IsNullOrWhiteSpace(userHome) ? Path.Combine(userHome, ".cache")
            : tempPath; // containers often run without a home directory
        return Path.Combine(cacheRoot, "responses", "store", "responses.db");
    }

    public static string Resolve() => Resolve(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME"),
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        Path.GetTempPath());
}
