using System.Text;
using Responses.Generated;
using Responses.Server.Runs.Tools;

namespace Responses.Server.Runs.Responses.Items;

/// <summary>
/// What function and custom tool calls share: the call's index in the model's output (how inference names the
/// call its argument pieces belong to), the tool it resolved to, and the arguments so far.
/// </summary>
internal abstract class ToolCallItemEvents(int outputIndex, string id, string callId, OfferedTool tool, int callIndex)
    : OutputItemEvents(outputIndex, id)
{
    private readonly StringBuilder pieces = new();
    private string? completed;

    /// <summary>The call's number in inference's output events (not its output_index).</summary>
    public int CallIndex { get; } = callIndex;

    protected string CallId { get; } = callId;

    protected OfferedTool Tool { get; } = tool;

    /// <summary>The whole arguments once the call completed; the pieces so far when it was cut short.</summary>
    protected string Arguments => completed ?? pieces.ToString();

    public virtual void AppendArguments(string delta, List<ResponseStreamEvent> events) => pieces.Append(delta);

    /// <summary>Inference's whole arguments win over the concatenated pieces: they are what the parser settled on.</summary>
    public void Complete(string arguments) => completed = arguments;
}
