using System.Text.Json;
using Microsoft.Extensions.Options;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Events;
using Responses.Server.Ids;
using Responses.Server.Limits;
using Responses.Server.Observability;
using Responses.Server.Pipeline;
using Responses.Server.Store;
using Responses.Server.Validation;

namespace Responses.Server.Compaction;

/// <summary>
/// POST /v1/responses/compact: the conversation (instructions, the stored chain, the input) summarized by the
/// request's model through the scheduler like any generation, and answered with the compacted window. Every refusal
/// (400, 404, 429, 503) comes before generation; nothing is stored.
/// </summary>
public sealed class ConversationCompactor(
    IModelCatalog catalog,
    RequestCountLimits limits,
    IResponseStore store,
    ResponseChain chain,
    IGenerationScheduler scheduler,
    IIdGenerator ids,
    TimeProvider clock,
    JsonSerializerOptions json,
    IOptions<CompactionOptions> options,
    ILogger<ConversationCompactor> logger)
{
    /// <summary>Greedy: a summary should say what is there, and the same conversation compacts the same way.</summary>
    public const double Temperature = 0;

    public async Task<CompactResource> CompactAsync(CompactResponseMethodPublicBody request, RequestTelemetry? telemetry, CancellationToken cancellationToken)
    {
        telemetry?.Requested(request.Model, stream: false);
        CompactRequestValidator.Validate(request);
        limits.Check(request);
        var model = catalog.Require(request.Model!);
        if (request.PreviousResponseId is not null && !store.IsAvailable)
        {
            throw new StoreUnavailableException("The response store's circuit is open.");
        }

        var history = request.PreviousResponseId is { } previous
            ? await chain.LoadAsync(previous, cancellationToken)
            : [];
        var maxTokens = options.Value.MaxSummaryTokens;
        var conversation = SummaryPrompt.Build(request.Instructions, history, request.Input, json);
        var (prompt, dropped) = SummaryPrompt.Render(model, conversation.Prompt, maxTokens);
        var id = ids.NewId("resp");
        var createdAt = clock.GetUtcNow().ToUnixTimeSeconds();
        Report(id, dropped, prompt, conversation.Notes);

        await using var lease = await scheduler.AdmitAsync(model, prompt, new SamplingSettings(maxTokens, Temperature, 1.0), cancellationToken);
        telemetry?.Admitted(id, model.Info.Id, lease.Waited);
        var (summary, usage) = await SummaryGeneration.RunAsync(lease, telemetry, cancellationToken);
        logger.LogInformation("{ResponseId}: compacted {InputTokens} prompt tokens into a {OutputTokens}-token summary", id, usage.InputTokens, usage.OutputTokens);

        return new CompactResource
        {
            Id = id,
            Output = CompactedWindow.Build(summary, history, request.Input, ids),
            CreatedAt = createdAt,
            Usage = ResponseObjectFactory.Usage(usage),
        };
    }

    private void Report(string id, int dropped, RenderedPrompt prompt, IReadOnlyList<string> notes)
    {
        foreach (var note in notes)
        {
            logger.LogInformation("{ResponseId}: {Note}", id, note);
        }

        if (dropped > 0)
        {
            logger.LogInformation("{ResponseId}: the conversation to compact did not fit: its {Dropped} oldest messages were left out of the summary's {Tokens}-token prompt", id, dropped, prompt.TokenCount);
        }
    }
}
