using Responses.Generated;
using Responses.Inference;
using Responses.Server.Tools;

namespace Responses.Server.Pipeline;

/// <summary>One accepted request, ready to generate: everything later steps need, decided before the first byte.</summary>
/// <param name="Request">The validated request, echoed into the Response object.</param>
/// <param name="Model">The loaded model that serves it.</param>
/// <param name="Prompt">The rendered, tokenized prompt.</param>
/// <param name="Sampling">Token selection settings after defaults.</param>
/// <param name="ResponseId">"resp_…".</param>
/// <param name="CreatedAt">Unix seconds.</param>
public sealed record ResponseRun(
    CreateResponse Request,
    ILanguageModel Model,
    RenderedPrompt Prompt,
    SamplingSettings Sampling,
    string ResponseId,
    long CreatedAt)
{
    /// <summary>The request's tools by the names the model sees, to map its calls back (function, namespace member, custom).</summary>
    public ToolTable Tools { get; init; } = ToolTable.Empty;

    /// <summary>The stored chain previous_response_id continued (its input then output items, each with an id); empty otherwise.</summary>
    public IReadOnlyList<InputItem> History { get; init; } = [];
}
