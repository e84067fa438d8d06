using System.Text.Json;
using Responses.Generated;
using Responses.Server.Ids;
using Responses.Server.Storage;

namespace Responses.Server.Runs.Responses;

/// <summary>Keeps a finished Response and the conversation it ended, in the store's form, owned by the key that created the run.</summary>
public sealed class ResponseArchive(IResponseStore store, IIdGenerator ids, JsonSerializerOptions json)
{
    /// <summary>OpenAI's default: a response is stored unless the request says store: false.</summary>
    public static bool Stores(CreateResponse request) => request.Store != false;

    /// <remarks>
    /// The Response is serialized here with the API's options, exactly as the JSON sink and the terminal event write
    /// it, so a later GET returns the same bytes the client received.
    /// </remarks>
    public Task SaveAsync(ResponseRun run, Response response, CancellationToken cancellationToken) =>
        store.SaveAsync(ToStored(run, response), cancellationToken);

    /// <summary>The store's form of a finished response, also what a WebSocket connection holds of its latest one.</summary>
    public StoredResponse ToStored(ResponseRun run, Response response) => new(
        run.ResponseId,
        JsonSerializer.SerializeToUtf8Bytes(response, json),
        JsonSerializer.SerializeToUtf8Bytes(InputItems(run), json),
        JsonSerializer.SerializeToUtf8Bytes(response.Output, json),
        response.CreatedAt,
        run.Owner);

    /// <summary>
    /// The chain (ids already given when it was stored), then this request's input. Ids are given only now, after the
    /// output's, so that responses that are never stored number their output exactly as before.
    /// </summary>
    private List<InputItem> InputItems(ResponseRun run)
    {
        var input = run.Request.Input!;
        var items = new List<InputItem>(run.History.Count + (input.Items?.Count ?? 1));
        items.AddRange(run.History);
        if (input.IsText)
        {
            // OpenAI lists a text input as the user message it stands for.
            items.Add(new EasyInputMessage
            {
                Role = EasyInputMessageRole.User,
                Content = new List<InputContent> { new InputTextContent { Text = input.Text! } },
            });
        }
        else
        {
            // A compaction_trigger is a request marker, not conversation: its compaction item (the output) stays instead.
            items.AddRange(input.Items!.Where(item => item is not CompactionTriggerItemParam));
        }

        foreach (var item in items)
        {
            InputItemIds.Ensure(item, ids);
        }

        return items;
    }
}
