using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.ChatCompletions;
using Responses.Server.Observability;
using Responses.Server.Pipeline;
using Responses.Server.Streaming;

namespace Responses.Server.Controllers;

[ApiController]
public sealed class ChatCompletionsController(
    ChatCompletionRunFactory runs,
    IGenerationScheduler scheduler,
    ChatCompletionRunner runner,
    SseEventWriter sse,
    JsonSerializerOptions json) : ChatControllerBase
{
    public override async Task<ActionResult<CreateChatCompletionResponse>> CreateChatCompletion(
        [FromBody] CreateChatCompletionRequest body, CancellationToken cancellationToken = default)
    {
        var telemetry = HttpContext.Features.Get<RequestTelemetry>();
        telemetry?.Requested(body.Model, body.Stream == true);
        var run = runs.Create(body);
        // Admission before the first byte: a full queue is a 429 the client can act on, never a broken stream.
        await using var lease = await scheduler.AdmitAsync(run.Generation, cancellationToken);
        telemetry?.Admitted(run.Generation.Id, run.Generation.Model.Info.Id, lease.Waited);
        var stream = runner.Start(run, lease, telemetry);
        if (body.Stream != true)
        {
            await foreach (var _ in stream.ReadAllAsync(cancellationToken))
            {
            }

            // Nothing was sent yet, so the client gets the failure's own status (500, 503 at shutdown) and envelope.
            return stream.Completion ?? throw (Exception?)stream.Failure ?? new InvalidOperationException("The chat completion ended without finishing.");
        }

        await sse.WriteAsync(
            HttpContext.Response,
            stream.ReadAllAsync(cancellationToken),
            _ => null,
            (writer, frame) => Write(writer, frame, json),
            (exception, _) => stream.Fail(exception),
            cancellationToken);
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
