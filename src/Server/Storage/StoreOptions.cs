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

    /// <summary>
    /// What an acknowledged response survives on SQLite: a crash of the server process (kill -9, OOM kill; the
    /// default) or also the machine's (power cut, kernel panic), at the price of an fsync per response.
    /// </summary>
    public StoreDurability Durability { get; set; } = StoreDurability.ProcessCrash;

    /// <summary>The most responses kept; the oldest go first.</summary>
    public int MaxResponses { get; set; } = 100_000;

    /// <summary>The most bytes the memory backend keeps (the durable backends are bounded by count and age).</summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Responses older than this are gone (OpenAI keeps them 30 days).</summary>
    public double MaxAgeDays { get; set; } = 30;

    public StoreResilienceOptions Resilience { get; set; } = new();
}

/// <summary>
/// How <see cref="ResilientResponseStore"/> rides out store faults. The defaults retry for about a third of a second
/// (a request should not wait long for a store that is down) and, once most recent calls fail, stop calling the
/// store for a few seconds so a dead backend costs requests nothing but a fast 503.
/// </summary>
public sealed class StoreResilienceOptions
{
    /// <summary>Retries after the first attempt (0: none).</summary>
    public int RetryAttempts { get; set; } = 3;

    /// <summary>The first retry's delay; each next one doubles it (50, 100, 200 ms by default).</summary>
    public double RetryDelayMilliseconds { get; set; } = 50;

    /// <summary>The share of failed calls within the sampling window that opens the circuit.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls the window must hold before it can open: one failing request and its retries are 4.</summary>
    public int MinimumThroughput { get; set; } = 8;

    public double SamplingSeconds { get; set; } = 10;

    /// <summary>How long an open circuit refuses calls before one probe may try the store again.</summary>
    public double BreakSeconds { get; set; } = 5;
}

/// <summary>Which backend keeps responses (configuration binds the names case-insensitively: "sqlite").</summary>
/// <summary>What SQLite's commit waits for before a response is acknowledged.</summary>
public enum StoreDurability
{
    /// <summary>
    /// WAL with synchronous=NORMAL: a commit is a write into the WAL, which the OS holds past the process's death, so
    /// a killed server loses nothing it acknowledged; the WAL is fsynced at checkpoints, off the reply path. A power
    /// cut may lose the last commits (never corrupt the file).
    /// </summary>
    ProcessCrash,

    /// <summary>WAL with synchronous=FULL: every commit is fsynced before it returns, so a power cut loses nothing acknowledged either.</summary>
    PowerLoss,
}

public enum StoreBackend
{
    /// <summary>The process's memory: bounded by count and bytes, lost at restart.</summary>
    Memory,

    /// <summary>A file on this machine: survives restarts and kills, nothing to install. The default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database several server processes share.</summary>
    Postgres,
}
