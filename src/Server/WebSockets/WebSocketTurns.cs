using System.Net;
using System.Net.WebSockets;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Observability;
using Responses.Server.Pipeline;
using Responses.Server.Store;

namespace Responses.Server.WebSockets;

/// <summary>
/// One <c>response.create</c> of a connection, on the HTTP create path's own steps (the run factory, admission, the
/// run's event stream, which saves a stored response before its terminal event), with the socket as the sink. A
/// refusal is an error frame, after which the connection goes on; the connection-local state remembers a finished
/// response and forgets one whose continuation failed. Each turn gets the log line and token counts of a request.
/// </summary>
public sealed class WebSocketTurns(
    ResponseRunFactory runs,
    IGenerationScheduler scheduler,
    ResponseRunner runner,
    ResponseArchive archive,
    CreateMessageReader reader,
    RequestRecorder recorder,
    TimeProvider clock,
    ILogger<WebSocketTurns> logger)
{
    /// <summary>A turn's method in the request log, beside GET and POST.</summary>
    public const string LogMethod = "WS";

    /// <param name="closed">Fires when the client closes or the connection breaks: stops the turn as a client leaving an SSE stream does.</param>
    public async Task RunAsync(ClientMessage message, ConnectionResponses held, WebSocketFrameWriter frames, CancellationToken closed)
    {
        string? continued = null;
        var telemetry = new RequestTelemetry(clock, clock.GetTimestamp());
        var status = HttpStatusCode.OK;
        try
        {
            if ((message.Refusal is { } refusal ? throw refusal : reader.Read(message.Text)) is not { } request)
            {
                return;
            }

            continued = request.PreviousResponseId;
            telemetry.Requested(request.Model, stream: true);
            var run = await runs.CreateAsync(request, held, closed);
            await using var lease = await scheduler.AdmitAsync(run.Generation, closed);
            telemetry.Admitted(run.Generation.Id, run.Generation.Model.Info.Id, lease.Waited);
            switch (await SendAllAsync(runner.Start(run, lease, telemetry), frames, closed))
            {
                case ResponseCompletedEvent { Response: { } response }:
                    held.Remember(archive.ToStored(run, response));
                    break;
                case ResponseIncompleteEvent { Response: { } response }:
                    held.Remember(archive.ToStored(run, response));
                    break;
                default:
                    Forget(held, continued);
                    break;
            }
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
            // The client closed (or the connection broke) mid-turn: the stream saved what it had as cancelled.
            status = (HttpStatusCode)499;
        }
        catch (Exception exception) when (!closed.IsCancellationRequested && exception is not WebSocketException)
        {
            Forget(held, continued);
            var error = ApiExceptionHandler.Map(exception);
            if (error.Status >= HttpStatusCode.InternalServerError)
            {
                logger.LogError(exception, "A WebSocket response.create failed");
            }

            status = error.Status;
            telemetry.Refused(error.Message);
            await frames.SendAsync(error, closed);
        }
        finally
        {
            // An acknowledgement is no turn: no log line, nothing counted.
            if (telemetry.Model is not null || telemetry.Error is not null)
            {
                recorder.Record(telemetry, LogMethod, ResponsesWebSocketEndpoint.Path, ResponsesWebSocketEndpoint.Path, (int)status);
            }
        }
    }

    /// <returns>The last event sent: the terminal one, unless the stream was cut.</returns>
    private static async Task<ResponseStreamEvent?> SendAllAsync(ResponseEventStream events, WebSocketFrameWriter frames, CancellationToken closed)
    {
        ResponseStreamEvent? last = null;
        try
        {
            await foreach (var streamEvent in events.ReadAllAsync(closed))
            {
                await frames.SendAsync(streamEvent, closed);
                last = streamEvent;
            }

            return last;
        }
        catch (Exception exception) when (!closed.IsCancellationRequested && exception is not WebSocketException)
        {
            // As in the SSE sink: once the response began, a failure of the sink ends it with its own terminal event.
            if (events.Fail(exception, last) is not { } terminal)
            {
                return last;
            }

            await frames.SendAsync(terminal, closed);
            return terminal;
        }
    }

    private static void Forget(ConnectionResponses held, string? continued)
    {
        if (continued is not null)
        {
            held.Evict(continued);
        }
    }
}
