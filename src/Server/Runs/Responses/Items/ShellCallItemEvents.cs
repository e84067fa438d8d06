using Responses.Generated;
using Responses.Server.Runs.Tools;

namespace Responses.Server.Runs.Responses.Items;

/// <summary>
/// A call of the client's shell tool, a shell_call item. The model was offered it as a function taking
/// {"commands": [...]}, so its argument pieces are JSON, not commands: they are held, and at the end each command gets
/// OpenAI's shell_call_command.added, one delta with the whole command (none when it is empty) and done, then item
/// done. Item added carries no commands yet.
/// </summary>
internal sealed class ShellCallItemEvents(int outputIndex, string id, string callId, OfferedTool tool, int callIndex)
    : ToolCallItemEvents(outputIndex, id, callId, tool, callIndex)
{
    private FunctionShellAction? action;

    public override void Open(List<ResponseStreamEvent> events) =>
        events.Add(new ResponseOutputItemAddedEvent
        {
            OutputIndex = OutputIndex,
            Item = Call(new FunctionShellAction { Commands = [], TimeoutMs = null, MaxOutputLength = null }, OutputItemStatus.InProgress),
        });

    protected override void CloseContent(List<ResponseStreamEvent> events)
    {
        action = ClientExecutedTools.ShellAction(Arguments);
        for (var i = 0; i < action.Commands.Count; i++)
        {
            var command = action.Commands[i];
            events.Add(new ResponseShellCallCommandAddedEvent { OutputIndex = OutputIndex, CommandIndex = i, Command = string.Empty });
            if (command.Length > 0)
            {
                events.Add(new ResponseShellCallCommandDeltaEvent { OutputIndex = OutputIndex, CommandIndex = i, Delta = command });
            }

            events.Add(new ResponseShellCallCommandDoneEvent { OutputIndex = OutputIndex, CommandIndex = i, Command = command });
        }
    }

    protected override OutputItem Build(OutputItemStatus status) => Call(action ?? ClientExecutedTools.ShellAction(Arguments), status);

    /// <remarks>The environment is the client's own machine, which OpenAI's item leaves null.</remarks>
    private FunctionShellCall Call(FunctionShellAction shellAction, OutputItemStatus status) => new()
    {
        Id = Id,
        CallId = CallId,
        Action = shellAction,
        Status = status,
        Environment = null,
    };
}
