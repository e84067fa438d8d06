using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Observability;
using Responses.Server.Pipeline;
using Responses.Server.Store;
using Responses.Server.Streaming;

namespace Responses.Server.Controllers;

[ApiController]
public sealed class ResponsesController(
    ResponseRunFactory runs,
    IGenerationScheduler scheduler,
    ResponseRunner runner,
    SseEventWriter sse,
    StoredResponses stored,
    JsonSerializerOptions json) : ResponsesControllerBase
{
    public override async Task<ActionResult<Response>> CreateResponse([FromBody] CreateResponse body, CancellationToken cancellationToken = default)
    {
        var telemetry = HttpContext.Features.Get<RequestTelemetry>();
        telemetry?.Requested(body.Model, body.Stream == true);
        var run = await runs.CreateAsync(body, cancellationToken);
        // Admission before the first byte: a full queue is a 429 the client can act on, never a broken stream.
        await using var lease = await scheduler.AdmitAsync(run.Generation, cancellationToken);
        telemetry?.Admitted(run.Generation.Id, run.Generation.Model.Info.Id, lease.Waited);
        var events = runner.Start(run, lease, telemetry);
        if (body.Stream != true)
        {
            // Serialized here with the API's options, as GET returns the stored bytes: the same bytes MVC's formatter
            // wrote, without its content negotiation and formatter pipeline (~0.2 ms a request).
            var response = await ResponseCollector.CollectAsync(events, cancellationToken);
            return File(JsonSerializer.SerializeToUtf8Bytes(response, json), "application/json; charset=utf-8");
        }

        await sse.WriteAsync(
            HttpContext.Response,
            events.ReadAllAsync(cancellationToken),
            ResponsesJson.EventType,
            (writer, e) => StreamEventJson.Write(writer, e, json),
            (exception, lastWritten) => events.Fail(exception, lastWritten),
            cancellationToken);
        return new EmptyResult();
    }

    /// <remarks>The stored bytes as they are, so the body is byte for byte the one create returned.</remarks>
    public override async Task<ActionResult<Response>> GetResponse(
        string response_id, [FromQuery] IEnumerable<string>? include, CancellationToken cancellationToken = default) =>
        File((await stored.GetJsonAsync(response_id, cancellationToken)).ToArray(), "application/json; charset=utf-8");

    public override async Task<ActionResult<DeleteResponseResult>> DeleteResponse(string response_id, CancellationToken cancellationToken = default) =>
        await stored.DeleteAsync(response_id, cancellationToken);

    public override async Task<ActionResult<ResponseItemList>> ListInputItems(
        string response_id,
        [FromQuery] int? limit,
        [FromQuery] ListOrder? order,
        [FromQuery] string? after,
        [FromQuery] IEnumerable<string>? include,
        CancellationToken cancellationToken = default) =>
        await stored.ListInputItemsAsync(response_id, limit, order, after, cancellationToken);
}
