using System.Diagnostics.CodeAnalysis;

namespace Responses.Server.Storage;

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
