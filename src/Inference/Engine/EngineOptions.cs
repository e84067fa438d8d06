namespace Responses.Inference.Engine;

/// <summary>The configured knobs of one model's engine (from Inference:*); what the graph supports decides the rest.</summary>
/// <param name="DefaultMaxOutputTokens">The output budget of a request that sets none.</param>
/// <param name="PromptCacheEntries">Finished generations kept; 0: no prompt cache.</param>
/// <param name="PromptCacheMiB">The KV memory the kept generations may hold together.</param>
/// <param name="PrefillChunkTokens">Prompt tokens per prefill step; 0: a prompt in one append.</param>
/// <param name="MaxBatchSize">Rows of a batch at most; 1: no batching.</param>
/// <param name="BatchWindowMilliseconds">How long a batchable request waits for company while others run.</param>
/// <param name="StalledReaderTimeoutSeconds">How long a generation stays paused on a reader that stopped reading.</param>
/// <param name="ReleaseIdleMemory">Return native memory to the OS whenever the model is idle.</param>
/// <param name="ParallelRuns">Model runs at once; null: the cores one run leaves free, plus one.</param>
/// <param name="ReleaseIdleMemoryAfterSeconds">How long the model must have been idle before memory is returned.</param>
internal sealed record EngineOptions(
    int DefaultMaxOutputTokens,
    int PromptCacheEntries,
    int PromptCacheMiB,
    int PrefillChunkTokens,
    int MaxBatchSize,
    int BatchWindowMilliseconds,
    double StalledReaderTimeoutSeconds,
    bool ReleaseIdleMemory,
    int? ParallelRuns = null,
    double ReleaseIdleMemoryAfterSeconds = 0);
