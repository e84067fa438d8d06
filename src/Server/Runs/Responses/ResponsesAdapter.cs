using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Ids;
using Responses.Server.Observability;
using Responses.Server.Runs.Compaction;
using Responses.Server.Runs.Conversation;
using Responses.Server.Runs.EncryptedReasoning;
using Responses.Server.Runs.Images;
using Responses.Server.Storage;

namespace Responses.Server.Runs.Responses;

/// <summary>
/// /v1/responses (POST, and a WebSocket's response.create) onto the run executor: validates the request in OpenAI's
/// words, supplies its history (the previous_response_id chain, a connection's own responses, or the conversation's items), builds its
/// conversation (or a summary's prompt when its input ends with compaction_trigger), and plans the run with the
/// Responses projection and the store as its observer. Every refusal for what a request says happens here, before a
/// byte; the shared <see cref="RunFactory"/> does the rest.
/// </summary>
public sealed class ResponsesAdapter(
    RunFactory runs,
    IModelCatalog catalog,
    RequestCountLimits limits,
    ResponseChain chain,
    Conversations conversations,
    ResponseArchive archive,
    IIdGenerator ids,
    TimeProvider clock,
    JsonSerializerOptions json,
    IOptions<CompactionOptions> compaction,
    ContextCompactor compactor,
    IOptions<ImageOptions> images,
    ReasoningSeal seal,
    CallerIdentity caller,
    ILogger<ResponsesAdapter> logger)
{
    /// <summary>
    /// POST /v1/responses/input_tokens: the create the body stands for, planned as create plans it (validation,
    /// history, tools, rendering) and never run; its prompt's length is what create reports as usage.input_tokens.
    /// </summary>
    public async Task<TokenCountsResource> CountInputTokensAsync(TokenCountsBody body, CancellationToken cancellationToken)
    {
        var request = new CreateResponse
        {
            Model = body.Model ?? (catalog.Models is [var first, ..] ? first.Info.Id : null),
            Input = body.Input,
            PreviousResponseId = body.PreviousResponseId,
            Conversation = body.Conversation,
            Tools = body.Tools,
            ToolChoice = body.ToolChoice,
            ParallelToolCalls = body.ParallelToolCalls,
            Text = body.Text,
            Reasoning = body.Reasoning,
            Truncation = body.Truncation,
            Instructions = body.Instructions,
            Store = false,
        };
        var plan = await PlanAsync(request, held: null, telemetry: null, cancellationToken);
        return new TokenCountsResource { InputTokens = plan.Run.Prompt.TokenCount };
    }

    /// <param name="held">Responses the caller holds outside the store (a WebSocket connection's), for previous_response_id.</param>
    /// <param name="telemetry">The request's record for its log line and metrics; null outside a request.</param>
    public async Task<RunPlan<ResponseStreamEvent>> PlanAsync(
        CreateResponse request, IPreviousResponses? held, RequestTelemetry? telemetry, CancellationToken cancellationToken)
    {
        CreateResponseValidator.Validate(request);
        limits.Check(request);
        var previousHeld = request.PreviousResponseId is { } id && held?.Find(id) is not null;
        var compacts = CompactionTrigger.Ends(request.Input);
        var maxOutputTokens = compacts ? Math.Min(request.MaxOutputTokens ?? int.MaxValue, compaction.Value.MaxSummaryTokens) : request.MaxOutputTokens;
        var intent = new RunIntent(
            request.Model!,
            UsesStore: ResponseArchive.Stores(request) || request.Conversation is not null || (request.PreviousResponseId is not null && !previousHeld),
            // A conversation is compacted because it grew too long: what does not fit leaves the summary's prompt.
            compacts || request.Truncation == Truncation.Auto ? PromptFit.DropOldest : PromptFit.Refuse,
            maxOutputTokens,
            request.Temperature,
            request.TopP,
            "resp")
        {
            Logits = new LogitRules(request.PresencePenalty ?? 0, request.FrequencyPenalty ?? 0),
            // As at OpenAI, output text carries log probabilities only when include asks for them.
            TopLogprobs = request.Include?.Contains(IncludeEnum.MessageOutputTextLogprobs) == true ? request.TopLogprobs ?? 0 : null,
        };
        var continued = new Continuation([], StoredParent: null);
        OpenedReasoning OpenReasoning(string content) => seal.Read(content, caller.Owner);

        async Task<BuiltConversation> BuildAsync(CancellationToken token)
        {
            if (request.PreviousResponseId is { } previous)
            {
                continued = await chain.LoadAsync(previous, held, token);
            }
            else if (request.Conversation is { } conversation)
            {
                // A conversation's items are its own store's, not a chain of responses: nothing to point at.
                continued = new Continuation(await conversations.HistoryAsync(conversation.Id, token), StoredParent: null);
            }

            return compacts
                ? SummaryPrompt.Build(request.Instructions, continued.Items, request.Input, json, images.Value)
                : ConversationBuilder.Build(request, continued.Items, json, images.Value, OpenReasoning);
        }

        // context_management: a conversation past its threshold (or past the context) is compacted before the answer.
        var managed = !compacts && request.ContextManagement is { Count: > 0 };
        CompactionBody? compactedTo = null;
        async Task<Run> CompactedAsync(int? tokens)
        {
            var (item, answerInput) = await compactor.CompactAsync(request.Model!, request.Instructions, continued.Items, request.Input!, cancellationToken);
            compactedTo = item;
            logger.LogInformation("{CompactionId}: context_management compacted a {Tokens}-token input before answering", item.Id, tokens?.ToString(CultureInfo.InvariantCulture) ?? "context-exceeding");
            return await runs.CreateAsync(intent, _ => Task.FromResult(ConversationBuilder.Build(request, [], answerInput, json, images.Value, OpenReasoning)), cancellationToken);
        }

        Run run;
        try
        {
            run = await runs.CreateAsync(intent, BuildAsync, cancellationToken);
        }
        catch (ContextLengthExceededException) when (managed)
        {
            run = await CompactedAsync(null);
        }

        if (managed && compactedTo is null && run.Prompt.TokenCount > ContextCompactor.Threshold(request, run.Model.Info.ContextLength))
        {
            run = await CompactedAsync(run.Prompt.TokenCount);
        }

        // Clients add their own fields (Codex: client_metadata) on every request; worth a look, not a warning.
        if (request.AdditionalProperties.Count > 0)
        {
            logger.LogDebug("{ResponseId}: ignored unknown request fields {Fields}", run.Id, string.Join(", ", request.AdditionalProperties.Keys));
        }

        var owner = run.Owner;
        var responseRun = new ResponseRun(request, run)
        {
            History = continued.Items,
            Parent = continued.StoredParent,
            Compacts = compacts,
            CompactedTo = compactedTo,
            // As at OpenAI, reasoning items carry encrypted_content only when include asks for it.
            SealReasoning = request.Include?.Contains(IncludeEnum.ReasoningEncryptedContent) == true ? thinking => seal.Seal(thinking, owner) : null,
        };
        var projection = new ResponseProjection(responseRun, new ResponseEventBuilder(responseRun, ids, clock), archive, logger);
        // A background run outlives its request, whose record (and log line) ends with the request.
        var background = request.Background == true;
        return new RunPlan<ResponseStreamEvent>(run, projection)
        {
            Admission = background ? Admission.Queued : Admission.BeforeFirstEvent,
            Telemetry = background ? null : telemetry,
        };
    }
}
