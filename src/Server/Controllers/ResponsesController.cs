using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Pipeline;
using Responses.Server.Streaming;

namespace Responses.Server.Controllers;

[ApiController]
public sealed class ResponsesController(
    ResponseRunFactory runs,
    IGenerationScheduler scheduler,
    ResponseRunner runner,
    SseEventWriter sse,
    JsonSerializerOptions json) : ResponsesControllerBase
{
    public override async Task<ActionResult<Response>> CreateResponse([FromBody] CreateResponse body, CancellationToken cancellationToken = default)
    {
        var run = runs.Create(body);
        // Admission before the first byte: a full queue is a 429 the client can act on, never a broken stream.
        await using var lease = await scheduler.AdmitAsync(run.Model, run.Prompt, run.Sampling, cancellationToken);
        var events = runner.Start(run, lease);
        if (body.Stream != true)
        {
            return await ResponseCollector.CollectAsync(events, cancellationToken);
        }

        await sse.WriteAsync(
            HttpContext.Response,
            events.ReadAllAsync(cancellationToken),
            ResponsesJson.EventType,
            (writer, e) => JsonSerializer.Serialize(writer, e, json),
            (exception, lastWritten) => events.Fail(exception, lastWritten),
            cancellationToken);
        return new EmptyResult();
    }
}
