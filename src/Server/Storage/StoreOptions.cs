namespace Responses.Server.Storage;

/// <summary>
/// Where stored responses live and how many are kept. Bound from the "Store" section, the environment
/// (Store__Backend) and --store; validated at startup by <see cref="StoreOptionsValidator"/>.
/// </summary>
public sealed class StoreOptions
{
    public const string SectionName = "Store";

    public StoreBackend Backend { get; set; } = StoreBackend.Sqlite;

    /// <summary>
    /// The --store switch as typed ("memory", "sqlite", "sqlite:PATH", "postgres:CONNSTRING"). When set it wins over
    /// Backend, Path and ConnectionString: a switch on the command line is the most specific thing a user says.
    /// </summary>
    public string? Spec { get; set; }

    /// <summary>The SQLite file; unset: responses/store/responses.db under the user's cache folder (next to the models).</summary>
    public string? Path { get; set; }

    /// <summary>The PostgreSQL connection string (Npgsql's key=value form).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The most responses kept; the oldest go first.</summary>
    public int MaxResponses { get; set; } = 100_000;

    /// <summary>The most bytes the memory backend keeps (the durable backends are bounded by count and age).</summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Responses older than this are gone (OpenAI keeps them 30 days).</summary>
    public double MaxAgeDays { get; set; } = 30;

    public StoreResilienceOptions Resilience { get; set; } = new();
}
