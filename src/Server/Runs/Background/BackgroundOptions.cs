using System.ComponentModel.DataAnnotations;

namespace Responses.Server.Runs.Background;

/// <summary>
/// Bounds of background responses (<c>background: true</c>) and of the events kept so that their streams can be
/// resumed. Bound from the "Background" section.
/// </summary>
public sealed class BackgroundOptions
{
    public const string SectionName = "Background";

    /// <summary>Background responses queued or running at once; one more is refused with 429.</summary>
    [Range(1, 10_000)]
    public int MaxRunning { get; set; } = 32;

    /// <summary>
    /// How long a finished background response's events stay available to GET ?stream=true (OpenAI keeps background
    /// responses for about ten minutes).
    /// </summary>
    [Range(0, 7 * 24 * 3600)]
    public double KeepFinishedSeconds { get; set; } = 600;

    /// <summary>Finished background responses whose events are kept; beyond it the oldest are dropped first.</summary>
    [Range(0, 1_000_000)]
    public int MaxFinishedKept { get; set; } = 256;

    /// <summary>
    /// The serialized events kept for finished background responses, in MiB; beyond it the oldest are dropped first.
    /// A running response's events are always kept (bounded by <see cref="MaxRunning"/> and its output budget).
    /// </summary>
    [Range(0, 64 * 1024)]
    public int FinishedEventsMiB { get; set; } = 64;

    /// <summary>
    /// On a store several processes share (PostgreSQL, or one SQLite file): how often a process tells the others it
    /// still runs its background responses, and hands them its new events (each a quarter of this, at most).
    /// </summary>
    [Range(0.1, 60)]
    public double HeartbeatSeconds { get; set; } = 1;

    /// <summary>A background response whose process has not said it runs it for this long is failed (that process died).</summary>
    [Range(1, 3600)]
    public double HeartbeatExpirySeconds { get; set; } = 10;
}
