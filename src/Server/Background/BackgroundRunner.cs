using System.Buffers;
using System.Text.Json;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Pipeline;
using Responses.Server.Store;
using Responses.Server.Streaming;

namespace Responses.Server.Background;

/// <summary>
/// Runs one background response to its end, apart from any client: it waits its turn at the scheduler, writes
/// every event into the response's log (where the creating client and any resuming one read them), stores the
/// response as in_progress once it runs, and its final state as every response is stored.
/// </summary>
public sealed class BackgroundRunner(
    IGenerationScheduler scheduler, ResponseRunner runner, ResponseArchive archive, JsonSerializerOptions json, ILogger<BackgroundRunner> logger)
{
    /// <summary>How long the in_progress save may take; it only shows progress, so a slow store does not hold the run.</summary>
    private static readonly TimeSpan ProgressSaveTimeout = TimeSpan.FromSeconds(10);

    private readonly JsonWriterOptions writerOptions = new() { Encoder = json.Encoder, SkipValidation = true };

    public async Task RunAsync(BackgroundRun background)
    {
        GenerationLease? lease = null;
        var stream = runner.StartQueued(background.Run, async cancellationToken => lease = await AdmitAsync(background.Run, cancellationToken));
        var buffer = new ArrayBufferWriter<byte>(1024);
        await using var writer = new Utf8JsonWriter(buffer, writerOptions);
        ResponseStreamEvent? last = null;
        try
        {
            await foreach (var streamEvent in stream.ReadAllAsync(background.Cancelled))
            {
                background.Events.Append(Serialize(streamEvent, buffer, writer));
                last = streamEvent;
                if (streamEvent is ResponseInProgressEvent progress)
                {
                    await SaveProgressAsync(background.Run, progress.Response);
                }
            }
        }
        catch (OperationCanceledException) when (background.Cancelled.IsCancellationRequested)
        {
            // Cancelled: the stream stored the response as cancelled, with its output so far. OpenAI's stream has no
            // event for that, so the log just ends.
        }
        catch (Exception exception)
        {
            // Only writing the log can fail here (the stream turns every other failure into response.failed).
            logger.LogError(exception, "Background response {ResponseId} could not record an event", background.Id);
            if (stream.Fail(exception, last) is { } terminal)
            {
                background.Events.Append(Serialize(terminal, buffer, writer));
            }
        }
        finally
        {
            if (lease is not null)
            {
                await lease.DisposeAsync();
            }

            background.Events.Complete();
        }
    }

    /// <summary>How often a background run asks again while the scheduler's queue is full; short, so the shutdown's refusal comes soon.</summary>
    private static readonly TimeSpan AdmissionRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A background response waits for its turn rather than being refused: while every slot is busy and the queue
    /// is full, it asks again every second. The shutdown still refuses it
    /// (response.failed).
    /// </summary>
    private async ValueTask<GenerationLease> AdmitAsync(ResponseRun run, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await scheduler.AdmitAsync(run.Generation, cancellationToken);
            }
            catch (SchedulerFullException)
            {
                await Task.Delay(AdmissionRetryDelay, cancellationToken);
            }
        }
    }

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

    /// <summary>The event's bytes exactly as the SSE sink writes them, so a resumed stream is the same stream.</summary>
    private BufferedEvent Serialize(ResponseStreamEvent streamEvent, ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        StreamEventJson.Write(writer, streamEvent, json);
        writer.Flush();
        return new BufferedEvent(ResponsesJson.EventType(streamEvent), buffer.WrittenSpan.ToArray());
    }
}
