using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace Responses.Server.Storage;

/// <summary>
/// Applies the --store switch over the bound options and fills in the default SQLite file, made absolute so the
/// startup log and every later open name the same file whatever the working folder becomes.
/// </summary>
internal sealed class StoreOptionsSetup : IPostConfigureOptions<StoreOptions>
{
    public void PostConfigure(string? name, StoreOptions options)
    {
        // A spec that does not parse is left for StoreOptionsValidator to report at startup.
        if (!string.IsNullOrWhiteSpace(options.Spec) && StoreSpec.TryParse(options.Spec, out var spec, out _))
        {
            options.Backend = spec.Backend;
            options.Path = spec.Path ?? options.Path;
            options.ConnectionString = spec.ConnectionString ?? options.ConnectionString;
        }

        if (options.Backend == StoreBackend.Sqlite)
        {
            options.Path = string.IsNullOrWhiteSpace(options.Path) ? StorePathResolver.Resolve() : Path.GetFullPath(options.Path);
        }
    }
}

/// <summary>
/// The --store switch parsed: "memory", "sqlite", "sqlite:PATH" or "postgres:CONNSTRING". Only the first ':'
/// separates, so paths ("sqlite:/data/a:b.db", "sqlite:C:\data\r.db") and connection strings keep theirs.
/// </summary>
public sealed record StoreSpec(StoreBackend Backend, string? Path = null, string? ConnectionString = null)
{
    public const string Usage = "memory, sqlite, sqlite:PATH or postgres:CONNECTION_STRING";

    public static bool TryParse(string spec, [NotNullWhen(true)] out StoreSpec? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? spec : spec[..colon]).Trim();
        var argument = colon < 0 ? null : spec[(colon + 1)..];
        switch (name.ToLowerInvariant())
        {
            case "memory" when argument is null:
                result = new StoreSpec(StoreBackend.Memory);
                break;
            case "sqlite" when argument is null:
                result = new StoreSpec(StoreBackend.Sqlite);
                break;
            case "sqlite" when !string.IsNullOrWhiteSpace(argument):
                result = new StoreSpec(StoreBackend.Sqlite, Path: argument);
                break;
            case "postgres" or "postgresql" when !string.IsNullOrWhiteSpace(argument):
                result = new StoreSpec(StoreBackend.Postgres, ConnectionString: argument);
                break;
        }

        error = result is null ? $"--store '{spec}' is not one of {Usage}." : null;
        return result is not null;
    }
}

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
