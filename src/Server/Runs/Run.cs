using Responses.Inference;
using Responses.Server.Runs.Tools;

namespace Responses.Server.Runs;

/// <summary>
/// One accepted request, ready to generate, whichever API it came from: decided before the first byte and free of
/// any request type, so admission, generation, failures and the end are one path for every API. The API's own
/// request rides beside it (<see cref="Responses.ResponseRun"/>, the chat and compact runs) for its projection.
/// </summary>
/// <param name="Model">The loaded model that serves it.</param>
/// <param name="Prompt">The rendered, tokenized prompt.</param>
/// <param name="Sampling">Token selection settings after defaults.</param>
/// <param name="Id">The id the client sees ("resp_…", "chatcmpl-…").</param>
/// <param name="CreatedAt">Unix seconds.</param>
public sealed record Run(ILanguageModel Model, RenderedPrompt Prompt, SamplingSettings Sampling, string Id, long CreatedAt)
{
    /// <summary>The request's tools by the names the model sees, to map its calls back.</summary>
    public ToolTable Tools { get; init; } = ToolTable.Empty;

    /// <summary>
    /// The API key's owner id the run acts for (null when the server has no keys). Taken from the request when the run
    /// is created, so work that outlives the request (a background run) still acts and stores for its caller.
    /// </summary>
    public string? Owner { get; init; }
}
