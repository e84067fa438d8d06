using Responses.Generated;
using Responses.Inference;

namespace Responses.Server.Runs.Responses;

/// <summary>
/// Builds the Response object at each stage of a run. Every field is set, from the request or OpenAI's default,
/// so created, in-progress and final objects differ only in status, output, usage and completion.
/// </summary>
public static class ResponseObjectFactory
{
    public static Response InProgress(ResponseRun run) => Create(run, ResponseStatus.InProgress);

    /// <summary>A background response accepted and waiting for a generation slot: what create returns at once.</summary>
    public static Response Queued(ResponseRun run) => Create(run, ResponseStatus.Queued);

    public static Response Finished(ResponseRun run, List<OutputItem> output, FinishReason reason, TokenUsage usage, long completedAt)
    {
        var incomplete = reason == FinishReason.Length;
        var response = Create(run, incomplete ? ResponseStatus.Incomplete : ResponseStatus.Completed);
        response.Output = output;
        response.Usage = Usage(usage);
        response.CompletedAt = incomplete ? null : completedAt;
        response.IncompleteDetails = incomplete
            ? new ResponseIncompleteDetails { Reason = ResponseIncompleteDetailsReason.MaxOutputTokens }
            : null;
        return response;
    }

    public static Response Failed(ResponseRun run, List<OutputItem> output, string code, string message)
    {
        var response = Create(run, ResponseStatus.Failed);
        response.Output = output;
        response.Error = new ResponseError { Code = code, Message = message };
        return response;
    }

    /// <summary>A run its client abandoned: what was produced so far, kept so that the id it saw still resolves.</summary>
    public static Response Cancelled(ResponseRun run, List<OutputItem> output)
    {
        var response = Create(run, ResponseStatus.Cancelled);
        response.Output = output;
        return response;
    }

    private static Response Create(ResponseRun run, ResponseStatus status)
    {
        var request = run.Request;
        return new Response
        {
            Id = run.ResponseId,
            CreatedAt = run.Generation.CreatedAt,
            Status = status,
            Model = request.Model!,
            Instructions = request.Instructions,
            Output = [],
            ParallelToolCalls = request.ParallelToolCalls ?? true,
            Metadata = request.Metadata ?? new Dictionary<string, string>(),
            ToolChoice = request.ToolChoice ?? ToolChoiceParam.Auto,
            Tools = request.Tools ?? [],
            Temperature = run.Generation.Sampling.Temperature,
            TopP = run.Generation.Sampling.TopP,
            PresencePenalty = request.PresencePenalty ?? 0,
            FrequencyPenalty = request.FrequencyPenalty ?? 0,
            TopLogprobs = request.TopLogprobs ?? 0,
            MaxOutputTokens = request.MaxOutputTokens,
            MaxToolCalls = request.MaxToolCalls,
            PreviousResponseId = request.PreviousResponseId,
            Conversation = request.Conversation is { } conversation ? new ResponseConversation { Id = conversation.Id } : null,
            Reasoning = request.Reasoning is { } reasoning
                ? new ResponseReasoning { Effort = reasoning.Effort, Summary = reasoning.Summary ?? reasoning.GenerateSummary }
                : null,
            Text = request.Text ?? new ResponseTextParam { Format = new ResponseFormatText() },
            Truncation = request.Truncation ?? Truncation.Disabled,
            User = request.User,
            Store = request.Store ?? true,
            Background = request.Background ?? false,
            ServiceTier = ServiceTier.Default,
            PromptCacheKey = request.PromptCacheKey,
            SafetyIdentifier = request.SafetyIdentifier,
        };
    }

    /// <summary>Usage as OpenAI writes it (the Response's, and a compaction's).</summary>
    public static ResponseUsage Usage(TokenUsage usage) => new()
    {
        InputTokens = usage.InputTokens,
        InputTokensDetails = new ResponseUsageInputTokensDetails { CachedTokens = usage.CachedTokens, CacheWriteTokens = 0 },
        OutputTokens = usage.OutputTokens,
        OutputTokensDetails = new ResponseUsageOutputTokensDetails { ReasoningTokens = usage.ReasoningTokens },
        TotalTokens = usage.TotalTokens,
    };
}
