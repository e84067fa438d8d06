namespace Responses.Inference.Scheduling;

/// <summary>Admission control; bound from the <see cref="SectionName"/> configuration section.</summary>
public sealed class SchedulerOptions
{
    public const string SectionName = "Scheduler";

    /// <summary>
    /// Requests generated at once (each row of a batch counts). Null: one per core, and at least
    /// Inference:MaxBatchSize, so that a full batch can be admitted. A model's engine runs everything admitted at once,
    /// one step at a time, each step on every core.
    /// </summary>
    public int? MaxConcurrency { get; set; }

    /// <summary>Inference:MaxBatchSize, copied in at configuration (not bound): the floor of the default concurrency.</summary>
    internal int BatchSize { get; set; } = 1;

    /// <summary>Requests that may wait for a slot, first come first served; one more gets 429 at once.</summary>
    public int QueueLength { get; set; } = 32;

    /// <summary>
    /// The KV-cache memory all running generations may hold together, in MiB. Null: half of the memory available
    /// to the process. A generation larger than the whole budget still runs, alone.
    /// </summary>
    public long? MaxGenerationMemoryMiB { get; set; }

    public int ResolveMaxConcurrency() => MaxConcurrency ?? Math.Max(OnePerCore, BatchSize);

    /// <summary>The default for generations that each take a core: one per core, within 1..64.</summary>
    public static int OnePerCore => Math.Clamp(Environment.ProcessorCount, 1, 64);

    public long ResolveMemoryBudgetBytes() =>
        MaxGenerationMemoryMiB is { } mib ? mib * 1024 * 1024 : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;
}
