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
