using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;

namespace Responses.Server.Runs.Responses;

/// <summary>
/// A /v1/responses run as the executor drives it: its Responses events (<see cref="ResponseEventBuilder"/>), and the
/// store as the observer of its end (and its conversation, which gets the items of a completed or incomplete run). A stored response is saved before its terminal event goes out; a failed one is
/// kept too, as OpenAI keeps it, unless storing is what failed; one whose client left is saved as cancelled with its
/// output so far (it saw the id in response.created: a GET or a continuation of it must not be a 404).
/// </summary>
public sealed class ResponseProjection(ResponseRun run, ResponseEventBuilder builder, ResponseArchive archive, ILogger logger)
    : RunProjection<ResponseStreamEvent>
{
    /// <summary>How long a save may take once no client waits for it (it left, or the run failed).</summary>
    private static readonly TimeSpan DetachedSaveTimeout = TimeSpan.FromSeconds(30);

    public ResponseRun Run => run;

    public override void Queued(List<ResponseStreamEvent> events)
    {
        events.Add(builder.Created());
        events.Add(builder.Queued());
    }

    public override void Opening(bool afterQueued, List<ResponseStreamEvent> events)
    {
        if (!afterQueued)
        {
            events.Add(builder.Created());
        }

        events.Add(builder.InProgress());
        builder.Prelude(events);
    }

    public override void Apply(OutputEvent output, List<ResponseStreamEvent> events) => builder.Apply(output, events);

    public override bool IsTerminal(ResponseStreamEvent item) => item is ResponseCompletedEvent or ResponseIncompleteEvent or ResponseFailedEvent;

    public override ResponseStreamEvent Failed(ApiException error, ResponseStreamEvent? lastDelivered) =>
        builder.Failed(ResponseErrorCodes.For(error), error.Message, lastDelivered);

    /// <remarks>A conversation gets the response's items first: a client that sees the end may continue it at once.</remarks>
    public override async Task CompletedAsync(ResponseStreamEvent terminal, CancellationToken cancellationToken)
    {
        var response = Terminal(terminal) ?? throw new InvalidOperationException($"A finished generation ended with {terminal.GetType().Name}.");
        await archive.AddToConversationAsync(run, response, cancellationToken);
        await SaveAsync(response, cancellationToken);
    }

    public override Task FailedAsync(ResponseStreamEvent terminal, ApiException error) =>
        error.Code == ErrorTypes.StoreUnavailable || terminal is not ResponseFailedEvent { Response: { } response }
            ? Task.CompletedTask
            : SaveDetachedAsync(response, "failed");

    public override Task CancelledAsync() => SaveDetachedAsync(builder.Cancelled(), "cancelled");

    /// <summary>The Response a completed or incomplete terminal event carries (what a JSON client gets); null for any other event.</summary>
    public static Response? Terminal(ResponseStreamEvent? item) => item switch
    {
        ResponseCompletedEvent completed => completed.Response,
        ResponseIncompleteEvent incomplete => incomplete.Response,
        _ => null,
    };

    private Task SaveAsync(Response response, CancellationToken cancellationToken) =>
        ResponseArchive.Stores(run.Request) ? archive.SaveAsync(run, response, cancellationToken) : Task.CompletedTask;

    /// <summary>A save no client waits for: not tied to the request (it may be gone), bounded instead.</summary>
    private async Task SaveDetachedAsync(Response response, string what)
    {
        using var timeout = new CancellationTokenSource(DetachedSaveTimeout);
        try
        {
            await SaveAsync(response, timeout.Token);
        }
        catch (Exception exception) when (exception is StoreUnavailableException or OperationCanceledException)
        {
            logger.LogWarning(exception, "{ResponseId} ended {What} and could not be stored", run.ResponseId, what);
        }
    }
}
