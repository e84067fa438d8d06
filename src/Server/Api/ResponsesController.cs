using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Observability;
using Responses.Server.Runs;
using Responses.Server.Runs.Background;
using Responses.Server.Runs.Compaction;
using Responses.Server.Runs.Responses;
using Responses.Server.Storage;

namespace Responses.Server.Api;

[ApiController]
public sealed class ResponsesController(
    ResponsesAdapter responses,
    CompactAdapter compaction,
    RunExecutor executor,
    SseEventWriter sse,
    StoredResponses stored,
    BackgroundResponses background,
    BackgroundRetrieval retrieval,
    BackgroundCancellation cancellation,
    JsonSerializerOptions json) : ResponsesControllerBase
{
    public override async Task<ActionResult<Response>> CreateResponse([FromBody] CreateResponse body, CancellationToken cancellationToken = default)
    {
        var telemetry = HttpContext.Features.Get<RequestTelemetry>();
        telemetry?.Requested(body.Model, body.Stream == true);
        var plan = await responses.PlanAsync(body, held: null, telemetry, cancellationToken);
        if (body.Background == true)
        {
            return await StartInBackgroundAsync(plan, body.Stream == true, cancellationToken);
        }

        if (body.Stream != true)
        {
            // Serialized here with the API's options, as GET returns the stored bytes: the same bytes MVC's formatter
            // wrote, without its content negotiation and formatter pipeline (~0.2 ms a request).
            var result = await executor.CollectAsync(plan, cancellationToken);
            return File(JsonSerializer.SerializeToUtf8Bytes(ResponseProjection.Terminal(result.Last), json), "application/json; charset=utf-8");
        }

        await executor.RunAsync(plan, sse.Sink<ResponseStreamEvent>(HttpContext.Response, ResponsesJson.EventType, (writer, e) => StreamEventJson.Write(writer, e, json)), cancellationToken);
        return new EmptyResult();
    }

    public override async Task<ActionResult<TokenCountsResource>> GetInputTokenCounts([FromBody] TokenCountsBody? body, CancellationToken cancellationToken = default) =>
        await responses.CountInputTokensAsync(body ?? new TokenCountsBody(), cancellationToken);

    public override async Task<ActionResult<CompactResource>> CompactResponse([FromBody] CompactResponseMethodPublicBody body, CancellationToken cancellationToken = default)
    {
        var telemetry = HttpContext.Features.Get<RequestTelemetry>();
        telemetry?.Requested(body.Model, stream: false);
        var (plan, _) = await compaction.PlanAsync(body, telemetry, cancellationToken);
        var result = await executor.CollectAsync(plan, cancellationToken);
        return result.Last?.Resource ?? throw new InvalidOperationException("The compaction ended without its window.");
    }

    /// <remarks>
    /// The stored bytes as they are, so the body is byte for byte the one create returned; with stream, a background
    /// response's events from the one after starting_after on.
    /// </remarks>
    public override async Task<ActionResult<Response>> GetResponse(
        string response_id,
        [FromQuery] IEnumerable<string>? include,
        [FromQuery] bool? stream,
        [FromQuery] int? starting_after,
        [FromQuery] bool? include_obfuscation,
        CancellationToken cancellationToken = default)
    {
        if (stream == true)
        {
            await WriteEventsAsync(await retrieval.EventsAsync(response_id, starting_after, cancellationToken), cancellationToken);
            return new EmptyResult();
        }

        if (starting_after is not null)
        {
            throw ApiException.InvalidRequest("'starting_after' is only valid with 'stream': true.", "starting_after", ErrorTypes.InvalidValue);
        }

        return Json(await retrieval.GetJsonAsync(response_id, cancellationToken));
    }

    public override async Task<ActionResult<Response>> CancelResponse(string response_id, CancellationToken cancellationToken = default) =>
        Json(await cancellation.CancelAsync(response_id, cancellationToken));

    /// <remarks>
    /// A background response still running here is stopped first (once it is known to be the caller's): it would
    /// otherwise go on generating and store itself again after the delete.
    /// </remarks>
    public override async Task<ActionResult<DeleteResponseResult>> DeleteResponse(string response_id, CancellationToken cancellationToken = default)
    {
        await stored.FindAsync(response_id, cancellationToken);
        await background.StopAsync(response_id, cancellationToken);
        return await stored.DeleteAsync(response_id, cancellationToken);
    }

    public override async Task<ActionResult<ResponseItemList>> ListInputItems(
        string response_id,
        [FromQuery] int? limit,
        [FromQuery] ListOrder? order,
        [FromQuery] string? after,
        [FromQuery] IEnumerable<string>? include,
        CancellationToken cancellationToken = default) =>
        await stored.ListInputItemsAsync(response_id, limit, order, after, cancellationToken);

    /// <summary>Returned at once as queued; the events, when streamed, come from the run's log, which outlives this request.</summary>
    private async Task<ActionResult<Response>> StartInBackgroundAsync(RunPlan<ResponseStreamEvent> plan, bool stream, CancellationToken cancellationToken)
    {
        var started = await background.StartAsync(plan, cancellationToken);
        if (!stream)
        {
            return ResponseObjectFactory.Queued(started.Run);
        }

        await WriteEventsAsync(started.Events.ReadAsync(startingAfter: -1, cancellationToken), cancellationToken);
        return new EmptyResult();
    }

    /// <summary>A client that leaves stops only its reading: the run goes on, and nothing remains to be said after a write fails.</summary>
    private Task WriteEventsAsync(IAsyncEnumerable<BufferedEvent> events, CancellationToken cancellationToken) =>
        sse.WriteAsync(
            HttpContext.Response,
            events,
            e => e.Type,
            (writer, e) => writer.WriteRawValue(e.Json.Span, skipInputValidation: true),
            cancellationToken);

    private FileContentResult Json(ReadOnlyMemory<byte> responseJson) => File(responseJson.ToArray(), "application/json; charset=utf-8");
}
