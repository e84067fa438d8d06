using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Responses.Generated;
using Responses.Server.Pipeline;
using Responses.Server.Streaming;

namespace Responses.Server.Controllers;

[ApiController]
public sealed class ResponsesController(
    ResponseRunFactory runs,
    ResponseRunner runner,
    SseEventWriter sse,
    JsonSerializerOptions json) : ResponsesControllerBase
{
    public override async Task<ActionResult<Response>> CreateResponse([FromBody] CreateResponse body, CancellationToken cancellationToken = default)
    {
        var run = runs.Create(body);
        var events = runner.RunAsync(run, cancellationToken);
        if (body.Stream != true)
        {
            return await ResponseCollector.CollectAsync(events, cancellationToken);
        }

        await sse.WriteAsync(HttpContext.Response, events, ResponsesJson.EventType, (writer, e) => JsonSerializer.Serialize(writer, e, json), cancellationToken);
        return new EmptyResult();
    }
}
