using System.Text.Json;
using Microsoft.Extensions.Options;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Ids;
using Responses.Server.Observability;
using Responses.Server.Runs.Images;

namespace Responses.Server.Runs.Chat;

/// <summary>
/// /v1/chat/completions onto the run executor: validates the request in OpenAI's words, turns its messages into the
/// same conversation a Responses request gets, and plans the run with the chat projection. A chat request has no
/// history beyond its messages and nothing is stored, so no store is consulted (`store` is accepted and ignored).
/// </summary>
public sealed class ChatAdapter(RunFactory runs, RequestCountLimits limits, IIdGenerator ids, JsonSerializerOptions json, IOptions<ImageOptions> images)
{
    /// <param name="telemetry">The request's record for its log line and metrics; null outside a request.</param>
    public async Task<(RunPlan<ChatCompletionFrame> Plan, ChatProjection Projection)> PlanAsync(
        CreateChatCompletionRequest request, RequestTelemetry? telemetry, CancellationToken cancellationToken)
    {
        ChatCompletionValidator.Validate(request);
        limits.Check(request);
        var intent = new RunIntent(
            request.Model!,
            UsesStore: false,
            PromptFit.Refuse,
            request.MaxCompletionTokens ?? request.MaxTokens,
            request.Temperature,
            request.TopP,
            "chatcmpl")
        {
            Seed = request.Seed is { } seed ? unchecked((ulong)seed) : null,
            Logits = new LogitRules(request.PresencePenalty ?? 0, request.FrequencyPenalty ?? 0, LogitBiasParam.Read(request.LogitBias)),
            Stop = StopParam.Read(request.Stop),
            TopLogprobs = request.Logprobs == true ? request.TopLogprobs ?? 0 : null,
        };
        var run = await runs.CreateAsync(intent, _ => Task.FromResult(ChatConversationBuilder.Build(request, json, images.Value)), cancellationToken);
        var projection = new ChatProjection(new ChatCompletionChunkBuilder(new ChatCompletionRun(request, run), ids));
        return (new RunPlan<ChatCompletionFrame>(run, projection) { Telemetry = telemetry }, projection);
    }
}
