namespace Responses.Inference.Scheduling;

/// <summary>Admission control; bound from the <see cref="SectionName"/> configuration section.</summary>
public sealed class SchedulerOptions
{
    public const string SectionName = "Scheduler";

    /// <summary>
    /// Generations that run at once. Null: one per core, which keeps a CPU busy without letting one more request
    /// slow every other one down (ORT already spreads one generation's matrix work over the cores). Batching
    /// (Inference:MaxBatchSize) needs at least its batch size here.
    /// </summary>
    public int? MaxConcurrency { get; set; }

    /// <summary>Requests that may wait for a slot, first come first served; one more gets 429 at once.</summary>
    public int QueueLength { get; set; } = 32;

    /// <summary>
    /// The KV-cache memory all running generations may hold together, in MiB. Null: half of the memory available
    /// to the process. A generation larger than the whole budget still runs, alone.
    /// </summary>
    public long? MaxGenerationMemoryMiB { get; set; }

    public int ResolveMaxConcurrency() => MaxConcurrency ?? Math.Clamp(Environment.ProcessorCount, 1, 64);

    public long ResolveMemoryBudgetBytes() =>
        MaxGenerationMemoryMiB is { } mib ? mib * 1024 * 1024 : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;
}
