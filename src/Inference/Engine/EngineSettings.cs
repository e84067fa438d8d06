namespace Responses.Inference.Engine;

/// <summary>The loop's settings, resolved once from the options and what the model's graph was found to support.</summary>
/// <param name="PrefillChunkTokens">Prompt tokens appended per step of a lone lane; int.MaxValue appends a prompt at once.</param>
/// <param name="MaxBatchSize">Rows of a batch at most; 1: every sequence runs alone.</param>
/// <param name="BatchPromptLimit">A prompt longer than this runs alone (a batch prefills in one padded append).</param>
/// <param name="BatchWindow">How long a batchable sequence waits for company while other lanes run.</param>
/// <param name="StallTimeout">How long a sequence may stay paused on a reader that does not read before it ends.</param>
/// <param name="PadTokenId">A prompt holding it runs alone: a batch masks the pad token wherever it appears.</param>
/// <param name="ReleaseIdleMemory">Return native memory whenever the loop runs out of work.</param>
/// <param name="ParallelLanes">Lanes whose model runs go at once (the cores one run leaves free, plus one).</param>
/// <param name="ReleaseDelay">How long the loop must have been out of work before it returns memory.</param>
internal sealed record EngineSettings(
    int PrefillChunkTokens,
    int MaxBatchSize,
    int BatchPromptLimit,
    TimeSpan BatchWindow,
    TimeSpan StallTimeout,
    int PadTokenId,
    bool ReleaseIdleMemory,
    int ParallelLanes = 1,
    TimeSpan ReleaseDelay = default);
