using Responses.Generated;

namespace Responses.Server.Runs.Responses.Items;

/// <summary>
/// A compaction item: added and done, both carrying the whole item, once its summary is written. Its content is
/// opaque to clients, so there are no deltas to stream, and an added item without its content would not be one.
/// </summary>
internal sealed class CompactionItemEvents(int outputIndex, string id, string encryptedContent) : OutputItemEvents(outputIndex, id)
{
    public override void Open(List<ResponseStreamEvent> events) =>
        events.Add(new ResponseOutputItemAddedEvent { OutputIndex = OutputIndex, Item = Build(OutputItemStatus.Completed) });

    protected override void CloseContent(List<ResponseStreamEvent> events)
    {
    }

    /// <remarks>A compaction item has no status: whole, or not there.</remarks>
    protected override OutputItem Build(OutputItemStatus status) => new CompactionBody { Id = Id, EncryptedContent = encryptedContent };
}
