namespace Responses.Inference.Catalog;

/// <summary>The default cache folder, following the XDG base-directory convention. Pure, so it is testable.</summary>
internal static class CacheDirectoryResolver
{
    public static string Resolve(string? configured, string? xdgCacheHome, string? userHome, string tempPath)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;
        // XDG says a relative $XDG_CACHE_HOME is invalid and must be ignored.
        var cacheRoot = !string.IsNullOrWhiteSpace(xdgCacheHome) && Path.IsPathRooted(xdgCacheHome) ? xdgCacheHome
            : !string.IsNullOrWhiteSpace(userHome) ? Path.Combine(userHome, ".cache")
            : tempPath; // containers often run without a home directory
        return Path.Combine(cacheRoot, "responses", "models");
    }

    public static string Resolve(string? configured) => Resolve(
        configured,
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME"),
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        Path.GetTempPath());
}
