using System.Text.Json;
using Microsoft.Extensions.Options;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Auth;
using Responses.Server.Compaction;
using Responses.Server.Conversation;
using Responses.Server.Ids;
using Responses.Server.Limits;
using Responses.Server.Store;
using Responses.Server.Validation;

namespace Responses.Server.Pipeline;

/// <summary>
/// Validate, find the model, build the conversation, render the prompt: every way a request can be refused for
/// what it says happens here, before a stream starts, so each refusal is a proper 4xx and never a broken stream.
/// (Refusals for what the server has free, 429 and 503, come from the scheduler's admission, also before a byte; a
/// store known to be down is a 503 here, before any work, rather than a finished response that cannot be kept.)
/// </summary>
public sealed class ResponseRunFactory(
    IModelCatalog catalog,
    RequestCountLimits limits,
    IResponseStore store,
    ResponseChain chain,
    CallerIdentity caller,
    IIdGenerator ids,
    TimeProvider clock,
    JsonSerializerOptions json,
    IOptions<CompactionOptions> compaction,
    ILogger<ResponseRunFactory> logger)
{
    /// <summary>OpenAI's defaults, echoed in the Response when the request leaves them out.</summary>
    public const double DefaultTemperature = 1.0;

    public const double DefaultTopP = 1.0;

    public Task<ResponseRun> CreateAsync(CreateResponse request, CancellationToken cancellationToken) =>
        CreateAsync(request, held: null, cancellationToken);

    /// <param name="held">Responses the caller holds outside the store (a WebSocket connection's), for previous_response_id.</param>
    public async Task<ResponseRun> CreateAsync(CreateResponse request, IPreviousResponses? held, CancellationToken cancellationToken)
    {
        CreateResponseValidator.Validate(request);
        limits.Check(request);
        var model = catalog.Require(request.Model!);
        var previousHeld = request.PreviousResponseId is { } id && held?.Find(id) is not null;
        if ((ResponseArchive.Stores(request) || (request.PreviousResponseId is not null && !previousHeld)) && !store.IsAvailable)
        {
            throw new StoreUnavailableException("The response store's circuit is open.");
        }

        var history = request.PreviousResponseId is { } previous
            ? await chain.LoadAsync(previous, held, cancellationToken)
            : [];
        var compacts = CompactionTrigger.Ends(request.Input);
        var maxOutputTokens = compacts ? Math.Min(request.MaxOutputTokens ?? int.MaxValue, compaction.Value.MaxSummaryTokens) : request.MaxOutputTokens;
        var conversation = compacts
            ? SummaryPrompt.Build(request.Instructions, history, request.Input, json)
            : ConversationBuilder.Build(request, history, json);
        var prompt = compacts ? RenderSummary(model, conversation.Prompt, maxOutputTokens!.Value) : Render(model, conversation.Prompt, request);
        var sampling = new SamplingSettings(
            maxOutputTokens,
            request.Temperature ?? DefaultTemperature,
            request.TopP ?? DefaultTopP);
        var generation = new GenerationRun(model, prompt, sampling, ids.NewId("resp"), clock.GetUtcNow().ToUnixTimeSeconds())
        {
            Tools = conversation.Tools,
        };
        var run = new ResponseRun(request, generation) { History = history, Compacts = compacts, Owner = caller.Owner };
        Report(run.ResponseId, request, conversation.Notes);
        return run;
    }

    /// <summary>truncation "auto" drops the oldest turns that do not fit; "disabled" (the default) refuses with 400.</summary>
    private RenderedPrompt Render(ILanguageModel model, ChatPrompt prompt, CreateResponse request)
    {
        if (request.Truncation != Truncation.Auto)
        {
            return model.Render(prompt);
        }

        var (rendered, dropped) = ContextTruncation.Fit(model, prompt, ContextTruncation.Reserve(request.MaxOutputTokens, model.Info.ContextLength));
        if (dropped > 0)
        {
            logger.LogInformation("truncation auto: dropped the {Dropped} oldest messages to fit {Tokens} tokens in the {Context}-token context", dropped, rendered.TokenCount, model.Info.ContextLength);
        }

        return rendered;
    }

    /// <summary>A conversation is compacted because it grew too long: what does not fit leaves the summary's prompt, oldest first.</summary>
    private RenderedPrompt RenderSummary(ILanguageModel model, ChatPrompt prompt, int maxSummaryTokens)
    {
        var (rendered, dropped) = SummaryPrompt.Render(model, prompt, maxSummaryTokens);
        if (dropped > 0)
        {
            logger.LogInformation("compaction: dropped the {Dropped} oldest messages to fit {Tokens} tokens in the {Context}-token context", dropped, rendered.TokenCount, model.Info.ContextLength);
        }

        return rendered;
    }

    /// <summary>What the request asked for that the model does not get: accepted, so it is said here instead.</summary>
    private void Report(string responseId, CreateResponse request, IReadOnlyList<string> notes)
    {
        foreach (var note in notes)
        {
            logger.LogInformation("{ResponseId}: {Note}", responseId, note);
        }

        // Clients add their own fields (Codex: client_metadata) on every request; worth a look, not a warning.
        if (request.AdditionalProperties.Count > 0)
        {
            logger.LogDebug("{ResponseId}: ignored unknown request fields {Fields}", responseId, string.Join(", ", request.AdditionalProperties.Keys));
        }
    }
}
