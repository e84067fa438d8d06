namespace Responses.Server.Storage;

/// <summary>Which backend keeps responses (configuration binds the names case-insensitively: "sqlite").</summary>
public enum StoreBackend
{
    /// <summary>The process's memory: bounded by count and bytes, lost at restart.</summary>
    Memory,

    /// <summary>A file on this machine: survives restarts and kills, nothing to install. The default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database several server processes share.</summary>
    Postgres,
}
