using System.Text.Json;
using Microsoft.Extensions.Options;
using Responses.Generated;
using Responses.Server.Errors;
using Responses.Server.Storage;

namespace Responses.Server.Runs.Background;

/// <summary>
/// GET /v1/responses/{id} with background responses in mind: the stored state (queued, in_progress, final), an
/// unfinished one a previous process left shown as failed, and the events a resumed stream reads.
/// </summary>
public sealed class BackgroundRetrieval(
    StoredResponses stored, BackgroundResponses background, IOptions<BackgroundOptions> options, JsonSerializerOptions json)
{
    public const string RestartedMessage =
        "The server stopped before this background response finished, and background responses do not survive a restart. Create it again.";

    /// <summary>
    /// The stored Response's JSON; one stored queued or in_progress before this process started, and not running
    /// here, was left by a process that is gone: it is shown as failed (the stored bytes stay as they are).
    /// </summary>
    public async Task<ReadOnlyMemory<byte>> GetJsonAsync(string responseId, CancellationToken cancellationToken)
    {
        var responseJson = await stored.GetJsonAsync(responseId, cancellationToken);
        var state = StoredResponseState.Read(responseJson);
        if (!state.IsUnfinished || background.IsRunning(responseId) || state.CreatedAt >= background.StartedAt.ToUnixTimeSeconds())
        {
            return responseJson;
        }

        var response = JsonSerializer.Deserialize<Response>(responseJson.Span, json)!;
        response.Status = ResponseStatus.Failed;
        response.Error = new ResponseError { Code = ErrorTypes.Server, Message = RestartedMessage };
        return JsonSerializer.SerializeToUtf8Bytes(response, json);
    }

    /// <summary>The events of a background response kept here, checked against where the client wants to resume.</summary>
    /// <exception cref="ApiException">404 unknown id; 400 not a background response, events no longer kept, or <paramref name="startingAfter"/> out of range.</exception>
    public async Task<ResponseEventLog> EventsAsync(string responseId, int? startingAfter, CancellationToken cancellationToken)
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

        var events = background.Find(responseId)?.Events ?? throw ApiException.InvalidRequest(
            $"The events of response '{responseId}' are no longer kept: a background response's events are kept by the server process that runs it, while it runs and for {options.Value.KeepFinishedSeconds:0} s after it ends. Retrieve it without 'stream' for its final state.",
            "stream",
            ErrorTypes.InvalidValue);
        var last = events.Count - 1;
        if (startingAfter > last)
        {
            throw ApiException.InvalidRequest(
                $"Invalid 'starting_after': {startingAfter} is beyond the last event of response '{responseId}' so far (sequence number {last}).",
                "starting_after",
                ErrorTypes.InvalidValue);
        }

        return events;
    }
}
