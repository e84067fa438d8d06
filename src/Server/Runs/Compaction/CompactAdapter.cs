using System.Text.Json;
using Microsoft.Extensions.Options;
using Responses.Generated;
using Responses.Server.Ids;
using Responses.Server.Observability;
using Responses.Server.Runs.Images;
using Responses.Server.Storage;

namespace Responses.Server.Runs.Compaction;

/// <summary>
/// POST /v1/responses/compact onto the run executor: validates the request, supplies its history (the stored
/// previous_response_id chain), builds the summary's prompt (the conversation as any request would give it, then one
/// more user turn asking for the summary), and plans a greedy run with the compaction projection. Every refusal
/// (400, 404, 429, 503) comes before generation; nothing is stored.
/// </summary>
public sealed class CompactAdapter(
    RunFactory runs,
    RequestCountLimits limits,
    ResponseChain chain,
    IIdGenerator ids,
    JsonSerializerOptions json,
    IOptions<CompactionOptions> options,
    IOptions<ImageOptions> images,
    ILogger<CompactAdapter> logger)
{
    /// <summary>Greedy: a summary should say what is there, and the same conversation compacts the same way.</summary>
    public const double Temperature = 0;

    public async Task<(RunPlan<CompactionProjection.Result> Plan, CompactionProjection Projection)> PlanAsync(
        CompactResponseMethodPublicBody request, RequestTelemetry? telemetry, CancellationToken cancellationToken)
    {
        CompactRequestValidator.Validate(request);
        limits.Check(request);
        var intent = new RunIntent(
            request.Model!,
            UsesStore: request.PreviousResponseId is not null,
            // A conversation is compacted because it has grown too long: its oldest exchanges go, never the request.
            PromptFit.DropOldest,
            options.Value.MaxSummaryTokens,
            Temperature,
            1.0,
            "resp");
        IReadOnlyList<InputItem> history = [];
        var run = await runs.CreateAsync(
            intent,
            async token =>
            {
                history = request.PreviousResponseId is { } previous ? await chain.LoadAsync(previous, token) : [];
                return SummaryPrompt.Build(request.Instructions, history, request.Input, json, images.Value);
            },
            cancellationToken);
        var projection = new CompactionProjection(run, history, request.Input, ids, logger);
        return (new RunPlan<CompactionProjection.Result>(run, projection) { Telemetry = telemetry }, projection);
    }
}
