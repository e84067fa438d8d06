using System.Buffers;
using System.Text.Json;
using Responses.Generated;
using Responses.Server.Errors;
using Responses.Server.Runs.Responses;

namespace Responses.Server.Runs.Background;

/// <summary>
/// Runs one background response to its end, apart from any client, through the run executor like any other: it is
/// admitted after its queued events (waiting even in a full queue), and its sink is the response's event log, which
/// the creating client and any resuming one read. The response is stored as in_progress once it runs, and its final
/// state as every response is stored.
/// </summary>
public sealed class BackgroundRunner(RunExecutor executor, ResponseArchive archive, JsonSerializerOptions json, ILogger<BackgroundRunner> logger)
{
    /// <summary>How long the in_progress save may take; it only shows progress, so a slow store does not hold the run.</summary>
    private static readonly TimeSpan ProgressSaveTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The writer's own encoder wins over the serializer's: take the API's, so the log holds the SSE sink's bytes.</summary>
    private readonly JsonWriterOptions writerOptions = new() { Encoder = json.Encoder, SkipValidation = true };

    public async Task RunAsync(BackgroundRun background)
    {
        try
        {
            await executor.RunAsync(background.Plan, new EventLogSink(background, this), background.Cancelled);
        }
        catch (OperationCanceledException) when (background.Cancelled.IsCancellationRequested)
        {
            // Cancelled: the run stored the response as cancelled, with its output so far. OpenAI's stream has no
            // event for that, so the log just ends.
        }
        finally
        {
            background.Events.Complete();
        }
    }

    private JsonSerializerOptions Json => json;

    private async Task SaveProgressAsync(ResponseRun run, Response response)
    {
        using var timeout = new CancellationTokenSource(ProgressSaveTimeout);
        try
        {
            await archive.SaveAsync(run, response, timeout.Token);
        }
        catch (Exception exception) when (exception is StoreUnavailableException or OperationCanceledException)
        {
            logger.LogWarning(exception, "{ResponseId} runs, but could not be stored as in_progress", run.ResponseId);
        }
    }

    /// <summary>
    /// Every event serialized once, exactly as the SSE sink writes it, into the log, so a resumed stream is the same
    /// stream, byte for byte; the in_progress Response stored as it goes by.
    /// </summary>
    private sealed class EventLogSink(BackgroundRun background, BackgroundRunner runner) : IRunSink<ResponseStreamEvent>
    {
        private readonly ArrayBufferWriter<byte> buffer = new(1024);

        public async Task WriteAsync(IAsyncEnumerable<ResponseStreamEvent> events, CancellationToken cancellationToken)
        {
            await using var writer = new Utf8JsonWriter(buffer, runner.writerOptions);
            var run = background.Run;
            await foreach (var streamEvent in events.WithCancellation(cancellationToken))
            {
                Append(streamEvent, writer);
                if (streamEvent is ResponseInProgressEvent progress)
                {
                    await runner.SaveProgressAsync(run, progress.Response);
                }
            }
        }

        public async Task WriteLastAsync(ResponseStreamEvent terminal, CancellationToken cancellationToken)
        {
            await using var writer = new Utf8JsonWriter(buffer, runner.writerOptions);
            Append(terminal, writer);
        }

        private void Append(ResponseStreamEvent streamEvent, Utf8JsonWriter writer)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            StreamEventJson.Write(writer, streamEvent, runner.Json);
            writer.Flush();
            background.Events.Append(new BufferedEvent(ResponsesJson.EventType(streamEvent), buffer.WrittenSpan.ToArray()));
        }
    }
}
