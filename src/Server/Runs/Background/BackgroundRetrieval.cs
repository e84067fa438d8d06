using System.Text.Json;
using Microsoft.Extensions.Options;
using Responses.Generated;
using Responses.Server.Errors;
using Responses.Server.Storage;

namespace Responses.Server.Runs.Background;

/// <summary>
/// GET /v1/responses/{id} with background responses in mind: the stored state (queued, in_progress, final), an
/// unfinished one a dead process left shown as failed, and the events a resumed stream reads (this process's, or
/// another's through the shared store).
/// </summary>
public sealed class BackgroundRetrieval(
    StoredResponses stored, BackgroundResponses background, BackgroundReplicas replicas, IOptions<BackgroundOptions> options, JsonSerializerOptions json)
{
    public const string RestartedMessage =
        "The server stopped before this background response finished, and background responses do not survive a restart. Create it again.";

    public const string ReplicaStoppedMessage =
        "The server process that ran this background response stopped before it finished. Create it again.";

    /// <summary>
    /// The stored Response's JSON. One stored queued or in_progress that no live process runs was left by a process
    /// that is gone: it is shown as failed (the stored bytes stay as they are). On a shared store "live" is a
    /// heartbeat that has not expired; on the memory store, this process, or one created since it started.
    /// </summary>
    public async Task<ReadOnlyMemory<byte>> GetJsonAsync(string responseId, CancellationToken cancellationToken)
    {
        var responseJson = await stored.GetJsonAsync(responseId, cancellationToken);
        var state = StoredResponseState.Read(responseJson);
        if (!state.IsUnfinished || background.IsRunning(responseId))
        {
            return responseJson;
        }

        if (!replicas.IsShared)
        {
            return state.CreatedAt >= background.StartedAt.ToUnixTimeSeconds() ? responseJson : AsFailed(responseJson, RestartedMessage);
        }

        return await replicas.FindAsync(responseId, cancellationToken) is { } run && replicas.IsAlive(run)
            ? responseJson
            : AsFailed(responseJson, ReplicaStoppedMessage);
    }

    /// <summary>
    /// The events of a background response after <paramref name="startingAfter"/>, then the live ones: from this
    /// process's log when it runs (or ran) it here, else from the shared store.
    /// </summary>
    /// <exception cref="ApiException">404 unknown id; 400 not a background response, events no longer kept, or <paramref name="startingAfter"/> out of range.</exception>
    public async Task<IAsyncEnumerable<BufferedEvent>> EventsAsync(string responseId, int? startingAfter, CancellationToken cancellationToken)
    {
        var state = StoredResponseState.Read(await GetJsonAsync(responseId, cancellationToken));
        if (startingAfter is < 0)
        {
            throw ApiException.InvalidRequest(
                $"Invalid 'starting_after': integer below minimum value. Expected a value >= 0, but got {startingAfter} instead.",
                "starting_after",
                ErrorTypes.InvalidValue);
        }

        if (!state.Background)
        {
            throw ApiException.InvalidRequest(
                $"Response '{responseId}' was not created with 'background': true; only background responses can be streamed again. Retrieve it without 'stream' instead.",
                "stream",
                ErrorTypes.InvalidValue);
        }

        if (background.Find(responseId)?.Events is { } events)
        {
            CheckStartingAfter(responseId, startingAfter, events.Count);
            return events.ReadAsync(startingAfter ?? -1, cancellationToken);
        }

        // A run of this process no longer in its log is past KeepFinishedSeconds: the store's copy is for the others.
        var shared = await replicas.FindAsync(responseId, cancellationToken) is { } found && found.Instance != replicas.Instance ? found : throw ApiException.InvalidRequest(
            $"The events of response '{responseId}' are no longer kept: a background response's events are kept while it runs and for {options.Value.KeepFinishedSeconds:0} s after it ends. Retrieve it without 'stream' for its final state.",
            "stream",
            ErrorTypes.InvalidValue);
        // Its process hands events over every quarter of a heartbeat: while it runs, a client may be ahead of the store.
        if (!replicas.IsAlive(shared))
        {
            CheckStartingAfter(responseId, startingAfter, shared.EventCount);
        }

        return replicas.ReadAsync(responseId, startingAfter ?? -1, cancellationToken);
    }

    private static void CheckStartingAfter(string responseId, int? startingAfter, int count)
    {
        var last = count - 1;
        if (startingAfter > last)
        {
            throw ApiException.InvalidRequest(
                $"Invalid 'starting_after': {startingAfter} is beyond the last event of response '{responseId}' so far (sequence number {last}).",
                "starting_after",
                ErrorTypes.InvalidValue);
        }
    }

    private ReadOnlyMemory<byte> AsFailed(ReadOnlyMemory<byte> responseJson, string message)
    {
        var response = JsonSerializer.Deserialize<Response>(responseJson.Span, json)!;
        response.Status = ResponseStatus.Failed;
        response.Error = new ResponseError { Code = ErrorTypes.Server, Message = message };
        return JsonSerializer.SerializeToUtf8Bytes(response, json);
    }
}
