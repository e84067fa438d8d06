using System.Net;
using System.Net.WebSockets;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Observability;
using Responses.Server.Runs;
using Responses.Server.Runs.Responses;

namespace Responses.Server.Api.WebSockets;

/// <summary>
/// One <c>response.create</c> of a connection, on the HTTP create path's own steps (the Responses adapter, the run
/// executor, which saves a stored response before its terminal event), with the socket as the sink. A refusal is an
/// error frame, after which the connection goes on; the connection-local state remembers a finished response and
/// forgets one whose continuation failed. Each turn gets the log line and token counts of a request.
/// </summary>
public sealed class WebSocketTurns(
    ResponsesAdapter responses,
    RunExecutor executor,
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
            var plan = await responses.PlanAsync(request, held, telemetry, closed);
            var result = await executor.RunAsync(plan, new FrameSink(frames), closed);
            if (ResponseProjection.Terminal(result.Last) is { } response)
            {
                var run = ((ResponseProjection)plan.Projection).Run;
                held.Remember(archive.ToSelfContained(run, response), ResponseArchive.Stores(run.Request));
            }
            else
            {
                Forget(held, continued);
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
            var error = ApiErrors.From(exception);
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

    /// <summary>The socket as a run's sink: each event one text frame.</summary>
    private sealed class FrameSink(WebSocketFrameWriter frames) : IRunSink<ResponseStreamEvent>
    {
        public async Task WriteAsync(IAsyncEnumerable<ResponseStreamEvent> events, CancellationToken cancellationToken)
        {
            await foreach (var streamEvent in events.WithCancellation(cancellationToken))
            {
                await frames.SendAsync(streamEvent, cancellationToken);
            }
        }

        public Task WriteLastAsync(ResponseStreamEvent terminal, CancellationToken cancellationToken) => frames.SendAsync(terminal, cancellationToken).AsTask();
    }

    private static void Forget(ConnectionResponses held, string? continued)
    {
        if (continued is not null)
        {
            held.Evict(continued);
        }
    }
}
