namespace Responses.Inference;

/// <summary>One loaded model: renders prompts and generates from them. Safe to use from many requests at once.</summary>
public interface ILanguageModel
{
    ModelInfo Info { get; }

    /// <summary>Applies the chat template and tokenizes.</summary>
    /// <exception cref="ContextLengthExceededException">The prompt does not fit the context with room for one token.</exception>
    RenderedPrompt Render(ChatPrompt prompt);

    /// <summary>Generates from a rendered prompt. Ends with <see cref="GenerationFinished"/> unless cancelled.</summary>
    IAsyncEnumerable<OutputEvent> GenerateAsync(RenderedPrompt prompt, SamplingSettings sampling, CancellationToken cancellationToken);
}
