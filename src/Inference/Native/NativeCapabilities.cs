namespace Responses.Inference.Native;

/// <summary>
/// What a model folder's graph was found to do when it loaded (probes of milliseconds, instead of a failure or a
/// wrong answer on a request), and the dimensions the engine sizes memory by.
/// </summary>
/// <param name="ContextLength">Tokens of prompt plus output the model can hold.</param>
/// <param name="KvBytesPerToken">KV-cache bytes one token holds in one row; 0 when the config lacks the dimensions.</param>
/// <param name="SharesKvBuffer">The KV buffer is allocated at max_length up front (search.past_present_share_buffer).</param>
/// <param name="PadTokenId">The token a padded batch masks out wherever it appears, or -1.</param>
/// <param name="AppendsOnCache">A multi-token append on top of a KV cache works (chunked prefill, continuing a kept generation).</param>
/// <param name="Continues">A generator rewound and continued gives the greedy tokens a fresh one gives (the prompt cache is safe).</param>
/// <param name="Batches">A padded batch gives each row the greedy tokens it gives alone.</param>
/// <param name="IntraOpThreads">The threads one model run uses.</param>
/// <param name="Notes">Why anything above is off, and what the load changed (a graph rewrite), one line each.</param>
internal sealed record NativeCapabilities(
    int ContextLength,
    long KvBytesPerToken,
    bool SharesKvBuffer,
    int PadTokenId,
    bool AppendsOnCache,
    bool Continues,
    bool Batches,
    int IntraOpThreads,
    IReadOnlyList<string> Notes);
