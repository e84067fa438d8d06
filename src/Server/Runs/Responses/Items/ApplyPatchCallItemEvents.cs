using Responses.Generated;
using Responses.Server.Runs.Tools;

namespace Responses.Server.Runs.Responses.Items;

/// <summary>
/// A call of the client's apply_patch tool, an apply_patch_call item. OpenAI's item always carries its operation,
/// which is known only once the model's arguments (JSON) are whole: so output_item.added (in_progress) and done
/// (completed) both go out when the call completes, each with the whole operation.
/// </summary>
internal sealed class ApplyPatchCallItemEvents(int outputIndex, string id, string callId, OfferedTool tool, int callIndex)
    : ToolCallItemEvents(outputIndex, id, callId, tool, callIndex)
{
    private ApplyPatchOperation? operation;

    public override void Open(List<ResponseStreamEvent> events)
    {
    }

    protected override void CloseContent(List<ResponseStreamEvent> events)
    {
        operation = ClientExecutedTools.PatchOperation(Arguments);
        events.Add(new ResponseOutputItemAddedEvent { OutputIndex = OutputIndex, Item = Call(operation, ApplyPatchCallStatus.InProgress) });
    }

    /// <remarks>OpenAI's status has no incomplete: a call cut short is still in progress.</remarks>
    protected override OutputItem Build(OutputItemStatus status) => Call(
        operation ?? ClientExecutedTools.PatchOperation(Arguments),
        status == OutputItemStatus.Completed ? ApplyPatchCallStatus.Completed : ApplyPatchCallStatus.InProgress);

    private ApplyPatchToolCall Call(ApplyPatchOperation patch, ApplyPatchCallStatus status) => new()
    {
        Id = Id,
        CallId = CallId,
        Operation = patch,
        Status = status,
    };
}
