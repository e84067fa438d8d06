using System.Data.Common;

namespace Responses.Server.Storage;

/// <summary>Where the configured store is, in words for the startup log: never a password.</summary>
public static class StoreLocation
{
    public static string BackendName(StoreBackend backend) => backend switch
    {
        StoreBackend.Memory => "memory",
        StoreBackend.Sqlite => "SQLite",
        StoreBackend.Postgres => "PostgreSQL",
        _ => backend.ToString(),
    };

    public static string Describe(StoreOptions options) => options.Backend switch
    {
        StoreBackend.Memory => $"in memory (at most {options.MaxResponses} responses and {options.MaxBytes} bytes; lost at restart)",
        StoreBackend.Sqlite => $"in SQLite at {options.Path} (at most {options.MaxResponses} responses, {options.MaxAgeDays} days)",
        StoreBackend.Postgres => $"in PostgreSQL {DescribeServer(options.ConnectionString)} (at most {options.MaxResponses} responses, {options.MaxAgeDays} days)",
        _ => options.Backend.ToString(),
    };

    // Only the keys that say where: host, port, database and user; never the password or any other key.
    private static string DescribeServer(string? connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return "(a connection string that does not parse)";
        }

        string? Read(params string[] keys) =>
            keys.Select(key => builder.TryGetValue(key, out var value) ? value?.ToString() : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var host = Read("Host", "Server") ?? "localhost";
        var port = Read("Port");
        var database = Read("Database", "Db") ?? "(default database)";
        var user = Read("Username", "User ID", "User", "UserId");
        return $"host {host}{(port is null ? "" : $":{port}")}, database {database}{(user is null ? "" : $", user {user}")}";
    }
}
