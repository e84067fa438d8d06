using System.Net;
using Responses.Generated;
using Responses.Server.Errors;

namespace Responses.Server.Pipeline;

/// <summary>The JSON sink: runs the event sequence to its end and answers with the Response the last event carries.</summary>
public static class ResponseCollector
{
    public static Task<Response> CollectAsync(ResponseEventStream stream, CancellationToken cancellationToken) =>
        CollectAsync(stream.ReadAllAsync(cancellationToken), cancellationToken, () => stream.Failure);

    /// <param name="failure">The error behind a response.failed, with its status; null: a 500 built from the event.</param>
    public static async Task<Response> CollectAsync(
        IAsyncEnumerable<ResponseStreamEvent> events, CancellationToken cancellationToken, Func<ApiException?>? failure = null)
    {
        ResponseStreamEvent? last = null;
        await foreach (var streamEvent in events.WithCancellation(cancellationToken))
        {
            last = streamEvent;
        }

        return last switch
        {
            ResponseCompletedEvent completed => completed.Response,
            ResponseIncompleteEvent incomplete => incomplete.Response,
            // Nothing was sent yet, so the client gets the failure's own status (500, 503 at shutdown) and envelope.
            ResponseFailedEvent failed => throw failure?.Invoke() ?? new ApiException(
                HttpStatusCode.InternalServerError, ErrorTypes.Server, failed.Response.Error!.Message, code: failed.Response.Error.Code),
            _ => throw new InvalidOperationException("The response ended without a terminal event."),
        };
    }
}
