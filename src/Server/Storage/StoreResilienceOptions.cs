namespace Responses.Server.Storage;

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
