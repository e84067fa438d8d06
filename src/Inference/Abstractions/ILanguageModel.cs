namespace Responses.Inference;

/// <summary>
/// One loaded model: renders prompts and generates from them. Safe to use from many requests at once: rendering runs
/// on the caller's thread (the tokenizer calls ORT GenAI does not promise to be thread-safe are serialized), and every
/// generation runs on the model's one engine loop, which owns every generator.
/// </summary>
public interface ILanguageModel
{
    ModelInfo Info { get; }

    /// <summary>Live counts of this model's generations.</summary>
    GenerationActivity Activity { get; }

    /// <summary>What the model does (prompt cache, chunked prefill, batching), decided when it loaded.</summary>
    ModelCapabilities Capabilities { get; }

    /// <summary>Applies the chat template and tokenizes.</summary>
    /// <exception cref="ContextLengthExceededException">The prompt does not fit the context with room for one token.</exception>
    RenderedPrompt Render(ChatPrompt prompt);

    /// <summary>
    /// The most memory a generation of this prompt may hold (its KV cache at its longest), so a scheduler can admit
    /// generations by memory as well as by count.
    /// </summary>
    long EstimateMemoryBytes(RenderedPrompt prompt, SamplingSettings sampling);

    /// <summary>
    /// Generates from a rendered prompt. Ends with <see cref="GenerationFinished"/> unless cancelled. A reader that
    /// stops reading pauses the generation (a few dozen events are buffered); one that stays away past the
    /// configured stall timeout ends it with <see cref="ReaderStalledException"/>. Servers generate through
    /// <see cref="IGenerationScheduler"/>, which admits generations; calling this directly bypasses admission.
    /// </summary>
    IAsyncEnumerable<OutputEvent> GenerateAsync(RenderedPrompt prompt, SamplingSettings sampling, CancellationToken cancellationToken);
}

/// <summary>What the server may know of a loaded model.</summary>
/// <param name="Id">The name clients put in "model".</param>
/// <param name="ContextLength">Tokens of prompt plus output the model can hold.</param>
/// <param name="Path">The model folder it was loaded from.</param>
/// <param name="LoadTime">How long loading took.</param>
public sealed record ModelInfo(string Id, int ContextLength, string Path, TimeSpan LoadTime)
{
    /// <summary>
    /// Whether images reach the model (a multimodal model folder with an image processor). A model without it is
    /// given a short text in each image's place.
    /// </summary>
    public bool AcceptsImages { get; init; }
}

/// <summary>
/// What one served model does, decided when it loaded (probes of its graph, then the configuration): logged once and
/// shown by the health endpoints, so a user can tell why a follow-up is not cached or requests do not batch.
/// </summary>
/// <param name="PromptCache">Finished generations are kept, and a prompt that extends one continues it.</param>
/// <param name="ChunkedPrefill">Long prompts are appended in chunks (interleaved with other requests' tokens).</param>
/// <param name="Batching">Requests that arrive together are generated in one batch.</param>
/// <param name="Threads">The threads one model run uses.</param>
/// <param name="Notes">Why a capability is off, and anything the load changed (a graph rewrite), one line each.</param>
public sealed record ModelCapabilities(bool PromptCache, bool ChunkedPrefill, bool Batching, int Threads, IReadOnlyList<string> Notes)
{
    /// <summary>Lanes (lone generations or batches) whose model runs go at once: the cores a run of <see cref="Threads"/> leaves.</summary>
    public int ParallelLanes { get; init; } = 1;

    /// <summary>One line for the log and the health report.</summary>
    public override string ToString() =>
        $"prompt cache {OnOff(PromptCache)}, chunked prefill {OnOff(ChunkedPrefill)}, batching {OnOff(Batching)}, {Threads} thread(s)"
        + (ParallelLanes > 1 ? $" per run, {ParallelLanes} runs at once" : "")
        + (Notes.Count > 0 ? " (" + string.Join("; ", Notes) + ")" : "");

    private static string OnOff(bool on) => on ? "on" : "off";
}

/// <summary>The models this process serves, by id.</summary>
public interface IModelCatalog
{
    IReadOnlyList<ILanguageModel> Models { get; }

    ILanguageModel? Find(string id);
}
