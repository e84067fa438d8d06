using Responses.Generated;
using Responses.Server.Ids;

namespace Responses.Server.Storage;

/// <summary>
/// Ids of stored input items: OpenAI lists every input item with an id (pagination's <c>after</c> names one), but
/// clients send most items without. The prefixes are OpenAI's where it has one.
/// </summary>
public static class InputItemIds
{
    /// <summary>The item's id, or null when it came without one.</summary>
    public static string? Of(InputItem item) => item switch
    {
        EasyInputMessage message => message.Id,
        FunctionToolCall call => call.Id,
        FunctionCallOutputItemParam output => output.Id,
        CustomToolCall call => call.Id,
        CustomToolCallOutput output => output.Id,
        ReasoningItem reasoning => reasoning.Id,
        FunctionShellCall call => call.Id,
        ApplyPatchToolCall call => call.Id,
        ItemReferenceParam reference => reference.Id,
        CompactionSummaryItemParam compaction => compaction.Id,
        CompactionBody compaction => compaction.Id,
        ReplayedItemParam replayed => replayed.Id,
        _ => null,
    };

    /// <summary>Gives the item an id if it has none (in place: the item is the server's own copy by now).</summary>
    public static void Ensure(InputItem item, IIdGenerator ids)
    {
        if (!string.IsNullOrEmpty(Of(item)))
        {
            return;
        }

        switch (item)
        {
            case EasyInputMessage message:
                message.Id = ids.NewId("msg");
                break;
            case FunctionToolCall call:
                call.Id = ids.NewId("fc");
                break;
            case FunctionCallOutputItemParam output:
                output.Id = ids.NewId("fco");
                break;
            case CustomToolCall call:
                call.Id = ids.NewId("ctc");
                break;
            case CustomToolCallOutput output:
                output.Id = ids.NewId("ctco");
                break;
            case ReasoningItem reasoning:
                reasoning.Id = ids.NewId("rs");
                break;
            case CompactionSummaryItemParam compaction:
                compaction.Id = ids.NewId("cmp");
                break;
            case ReplayedItemParam replayed:
                replayed.Id = ids.NewId("item");
                break;
        }
    }
}
