using System.Text.Json;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Ids;
using Responses.Server.Limits;
using Responses.Server.Pipeline;

namespace Responses.Server.ChatCompletions;

/// <summary>
/// Validate, find the model, convert the messages, render: every refusal of a chat request happens here, before a
/// byte is sent, exactly as ResponseRunFactory does for /v1/responses (and with its defaults). Nothing is stored,
/// so no store is consulted: `store` is accepted and ignored.
/// </summary>
public sealed class ChatCompletionRunFactory(
    IModelCatalog catalog, RequestCountLimits limits, IIdGenerator ids, TimeProvider clock, JsonSerializerOptions json, ILogger<ChatCompletionRunFactory> logger)
{
    public ChatCompletionRun Create(CreateChatCompletionRequest request)
    {
        ChatCompletionValidator.Validate(request);
        limits.Check(request);
        var model = catalog.Require(request.Model!);
        var conversation = ChatConversationBuilder.Build(request, json);
        var prompt = model.Render(conversation.Prompt);
        var sampling = new SamplingSettings(
            request.MaxCompletionTokens ?? request.MaxTokens,
            request.Temperature ?? ResponseRunFactory.DefaultTemperature,
            request.TopP ?? ResponseRunFactory.DefaultTopP,
            request.Seed is { } seed ? unchecked((ulong)seed) : null);
        // OpenAI's ids for chat are "chatcmpl-…": the generator's "prefix_" form is not theirs.
        var id = "chatcmpl-" + ids.NewId("chatcmpl")["chatcmpl_".Length..];
        var generation = new GenerationRun(model, prompt, sampling, id, clock.GetUtcNow().ToUnixTimeSeconds()) { Tools = conversation.Tools };
        foreach (var note in conversation.Notes)
        {
            logger.LogInformation("{ResponseId}: {Note}", id, note);
        }

        return new ChatCompletionRun(request, generation);
    }
}
