using Responses.Generated;
using Responses.Server.Runs.Tools;

namespace Responses.Server.Runs.Responses.Items;

/// <summary>
/// A function call (a plain function or a namespace member): item added (arguments "", in_progress), one
/// function_call_arguments.delta per piece, function_call_arguments.done with the name and whole arguments, item
/// done. The name is the tool's own, not the "namespace__name" the model was offered.
/// </summary>
internal sealed class FunctionCallItemEvents(int outputIndex, string id, string callId, OfferedTool tool, int callIndex)
    : ToolCallItemEvents(outputIndex, id, callId, tool, callIndex)
{
    public override void Open(List<ResponseStreamEvent> events) =>
        events.Add(new ResponseOutputItemAddedEvent { OutputIndex = OutputIndex, Item = Call(string.Empty, OutputItemStatus.InProgress) });

    public override void AppendArguments(string delta, List<ResponseStreamEvent> events)
    {
        base.AppendArguments(delta, events);
        events.Add(new ResponseFunctionCallArgumentsDeltaEvent { ItemId = Id, OutputIndex = OutputIndex, Delta = delta });
    }

    protected override void CloseContent(List<ResponseStreamEvent> events) =>
        events.Add(new ResponseFunctionCallArgumentsDoneEvent { ItemId = Id, OutputIndex = OutputIndex, Name = Tool.Name, Arguments = Arguments });

    protected override OutputItem Build(OutputItemStatus status) => Call(Arguments, status);

    private FunctionToolCall Call(string arguments, OutputItemStatus status) => new()
    {
        Id = Id,
        CallId = CallId,
        Name = Tool.Name,
        Namespace = Tool.Namespace,
        Arguments = arguments,
        Status = status,
    };
}
