using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Observability;
using Responses.Server.Runs;
using Responses.Server.Runs.Chat;

namespace Responses.Server.Api;

[ApiController]
public sealed class ChatCompletionsController(ChatAdapter chat, RunExecutor executor, SseEventWriter sse, JsonSerializerOptions json) : ChatControllerBase
{
    public override async Task<ActionResult<CreateChatCompletionResponse>> CreateChatCompletion(
        [FromBody] CreateChatCompletionRequest body, CancellationToken cancellationToken = default)
    {
        var telemetry = HttpContext.Features.Get<RequestTelemetry>();
        telemetry?.Requested(body.Model, body.Stream == true);
        var (plan, projection) = await chat.PlanAsync(body, telemetry, cancellationToken);
        if (body.Stream != true)
        {
            await executor.CollectAsync(plan, cancellationToken);
            return projection.Completion ?? throw new InvalidOperationException("The chat completion ended without finishing.");
        }

        await executor.RunAsync(plan, sse.Sink<ChatCompletionFrame>(HttpContext.Response, _ => null, (writer, frame) => Write(writer, frame, json)), cancellationToken);
        return new EmptyResult();
    }

    private static void Write(Utf8JsonWriter writer, ChatCompletionFrame frame, JsonSerializerOptions json)
    {
        if (frame.Chunk is { } chunk)
        {
            JsonSerializer.Serialize(writer, chunk, json);
        }
        else if (frame.Error is { } error)
        {
            JsonSerializer.Serialize(writer, error, json);
        }
        else
        {
            writer.WriteRawValue("[DONE]", skipInputValidation: true);
        }
    }
}
