using Responses.Inference;
using Responses.Server.Tools;

namespace Responses.Server.Pipeline;

/// <summary>
/// What one generation needs, whichever API asked for it (/v1/responses, /v1/chat/completions): decided before the
/// first byte, and free of any request type, so admission, generation and failure handling are one path for both.
/// The API's own request rides beside it (<see cref="ResponseRun"/>, the chat run) for its event builder.
/// </summary>
/// <param name="Model">The loaded model that serves it.</param>
/// <param name="Prompt">The rendered, tokenized prompt.</param>
/// <param name="Sampling">Token selection settings after defaults.</param>
/// <param name="Id">The id the client sees ("resp_…", "chatcmpl-…").</param>
/// <param name="CreatedAt">Unix seconds.</param>
public sealed record GenerationRun(ILanguageModel Model, RenderedPrompt Prompt, SamplingSettings Sampling, string Id, long CreatedAt)
{
    /// <summary>The request's tools by the names the model sees, to map its calls back.</summary>
    public ToolTable Tools { get; init; } = ToolTable.Empty;
}
