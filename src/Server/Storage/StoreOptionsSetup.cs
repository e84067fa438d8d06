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
