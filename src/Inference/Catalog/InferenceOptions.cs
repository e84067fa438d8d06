namespace Responses.Inference.Catalog;

/// <summary>Which models to serve and how; bound from the <see cref="SectionName"/> configuration section.</summary>
public sealed class InferenceOptions
{
    public const string SectionName = "Inference";

    /// <summary>
    /// An ORT GenAI model folder (genai_config.json, model, tokenizer): the one-model form, served before
    /// <see cref="Models"/>. Neither set serves the embedded model.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>The id of <see cref="ModelPath"/>'s model (or of the embedded one). Null: the folder name, or the embedded model's id.</summary>
    public string? ModelId { get; set; }

    /// <summary>More model folders, each with its own id; the request's "model" chooses one. Each costs its memory.</summary>
    public List<ModelSourceOptions> Models { get; set; } = [];

    /// <summary>Where the embedded model is written. Null: $XDG_CACHE_HOME (or ~/.cache) + /responses/models, else temp.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>A Jinja chat template that replaces the model's own (tokenizer_config.json "chat_template").</summary>
    public string? ChatTemplate { get; set; }

    /// <summary>
    /// Prompt tokens appended per prefill step; 0 appends the whole prompt at once. Chunks bound the prefill's
    /// logits buffer (tokens x vocabulary) and let cancellation land between chunks. Models whose graph cannot
    /// take a multi-token append on top of a cache (older llama exports) fall back to one append automatically.
    /// </summary>
    public int PrefillChunkTokens { get; set; } = 1024;

    /// <summary>
    /// Output tokens a request may generate when it does not set max_output_tokens (what SDKs and agents send). A
    /// request's own max_output_tokens may go higher, up to the context. Bounds the memory a request holds: exports
    /// that share the KV buffer allocate it for prompt + this budget up front.
    /// </summary>
    public int DefaultMaxOutputTokens { get; set; } = 4096;

    /// <summary>
    /// Seconds a generation stays paused on a client that stopped reading before it is stopped. While paused it
    /// costs no CPU, only its slot and its memory.
    /// </summary>
    public double StalledReaderTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Returns the native memory a generation grew (ORT's CPU arena, then glibc's heaps) once the model is idle,
    /// instead of keeping the process at the peak of its longest prompt (embedded model, 30k tokens: ~140 MB instead
    /// of ~570-900 MB). The price: the next long prompt faults that memory in again (~10-15% of an 8k-token prefill
    /// when long prompts come back to back). Off keeps the peak for the life of the process.
    /// </summary>
    public bool ReleaseIdleMemory { get; set; } = true;

    /// <summary>
    /// How long the model must have been idle before that memory is returned. Returning it between back-to-back
    /// requests made each next one fault its buffers in again (tiny Llama: first delta 5.6 ms against 2.4 ms, a
    /// 16-token request 7.6 against 5.0 ms); a second of quiet keeps a burst fast and still frees what it left.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 3600)]
    public double ReleaseIdleMemoryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// Finished generations kept per model so a next request whose prompt starts with the same tokens (an agent
    /// resending its history, a previous_response_id chain) appends only its new tokens instead of prefilling all
    /// of them again. 0 disables the cache. Guided generations are never kept.
    /// </summary>
    public int PromptCacheEntries { get; set; } = 4;

    /// <summary>The KV-cache memory the kept generations of one model may hold together, in MiB; the least recently used goes first.</summary>
    public int PromptCacheMiB { get; set; } = 1024;

    /// <summary>
    /// Requests generated together in one batch (one ORT GenAI generator with batch_size N), so a decode step reads
    /// the weights once for all of them; 1: every request in a generator of its own. The default Scheduler:MaxConcurrency
    /// rises to it. Only requests that arrive while others run are batched (a request on an idle model starts at once),
    /// and not guided or explicitly seeded ones, prompt-cache hits, prompts holding the pad token or longer than one
    /// prefill chunk: those run alone, in the same engine loop. Off for models whose padded batch does not reproduce a
    /// lone generation (probed at load).
    /// </summary>
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>How long a request that would be batched waits for others to join it, in milliseconds.</summary>
    public int BatchWindowMilliseconds { get; set; } = 10;

    /// <summary>
    /// ONNX Runtime's threads for one model run (intra-op). Null: one per core, so every step of the engine (it runs one
    /// at a time, a lone sequence's or a batch's) uses every core; one for a tiny model (hidden size under 256), whose
    /// matrix products cost less than sharing them out.
    /// </summary>
    public int? Threads { get; set; }

    /// <summary>
    /// Model runs (of different lone sequences or batches) that go at once, each on its own core(s). Null: the cores
    /// one run leaves free, plus one (cores / Threads): a tiny model on one thread steps as many sequences at once as
    /// there are cores; a model on every core steps one at a time. A sequence that arrives while fewer runs go takes
    /// a free one at once rather than wait for a batch.
    /// </summary>
    public int? ParallelRuns { get; set; }
}
