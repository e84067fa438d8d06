using System.Net;
using Responses.Generated;
using Responses.Server.Errors;

namespace Responses.Server.Pipeline;

/// <summary>The JSON sink: runs the event sequence to its end and answers with the Response the last event carries.</summary>
public static class ResponseCollector
{
    public static async Task<Response> CollectAsync(IAsyncEnumerable<ResponseStreamEvent> events, CancellationToken cancellationToken)
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
            ResponseFailedEvent failed => throw new ApiException(
                HttpStatusCode.InternalServerError, ErrorTypes.Server, failed.Response.Error!.Message, code: failed.Response.Error.Code),
            _ => throw new InvalidOperationException("The response ended without a terminal event."),
        };
    }
}
