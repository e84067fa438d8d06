using System.Net;
using Responses.Server.Errors;
using Responses.Server.Storage;

namespace Responses.Server.Runs.Background;

/// <summary>
/// POST /v1/responses/{id}/cancel: stops a queued or running background response and returns it as stored,
/// cancelled with its output so far, whichever process on a shared store runs it (another one is asked, through the
/// store, and stops it within a heartbeat). Cancelling a cancelled one returns it again (OpenAI: idempotent); a
/// finished one, or one created without background, is a 400.
/// </summary>
public sealed class BackgroundCancellation(BackgroundRetrieval retrieval, BackgroundResponses background, BackgroundReplicas replicas)
{
    /// <summary>How long a cancel waits for another process to stop the run it asked it to stop.</summary>
    private static readonly TimeSpan ReplicaStopWait = TimeSpan.FromSeconds(15);

    public async Task<ReadOnlyMemory<byte>> CancelAsync(string responseId, CancellationToken cancellationToken)
    {
        var responseJson = await retrieval.GetJsonAsync(responseId, cancellationToken);
        if (!StoredResponseState.Read(responseJson).Background)
        {
            throw ApiException.InvalidRequest(
                $"Cannot cancel a synchronous response: '{responseId}' was not created with 'background': true, and only background responses can be cancelled.",
                "response_id");
        }

        var stopped = await background.StopAsync(responseId, cancellationToken);
        if (!stopped && StoredResponseState.Read(responseJson).IsUnfinished && await replicas.RequestCancelAsync(responseId, cancellationToken))
        {
            responseJson = await WaitForEndAsync(responseId, cancellationToken);
        }
        else if (stopped || StoredResponseState.Read(responseJson).IsUnfinished)
        {
            // Stopped here; or not running here although it read unfinished, because it finished in between: either
            // way the store now has what to answer with.
            responseJson = await retrieval.GetJsonAsync(responseId, cancellationToken);
        }

        return StoredResponseState.Read(responseJson).Status switch
        {
            "cancelled" => responseJson,
            "queued" or "in_progress" => throw new ApiException(
                HttpStatusCode.Conflict,
                ErrorTypes.InvalidRequest,
                $"Response '{responseId}' runs on another server process that shares this store, which was asked to cancel it but has not within {ReplicaStopWait.TotalSeconds:0} s; try again.",
                "response_id"),
            var status => throw ApiException.InvalidRequest(
                $"Cannot cancel response '{responseId}': it has already finished (status '{status}').", "response_id"),
        };
    }

    /// <summary>The process that runs it stops it within a heartbeat and stores it cancelled; this polls the store until then.</summary>
    private async Task<ReadOnlyMemory<byte>> WaitForEndAsync(string responseId, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ReplicaStopWait;
        while (true)
        {
            var responseJson = await retrieval.GetJsonAsync(responseId, cancellationToken);
            if (!StoredResponseState.Read(responseJson).IsUnfinished || DateTime.UtcNow > deadline)
            {
                return responseJson;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
