using System.Text.Json;
using Responses.Generated;
using Responses.Server.Runs.Tools;

namespace Responses.Server.Runs.Responses.Items;

/// <summary>
/// A call of a custom (free-form input) tool. The model was offered it as a function taking {"input": "..."}, so
/// its argument pieces are JSON, not input text, and cannot be streamed as input: they are held, and at the end
/// the item gets one custom_tool_call_input.delta with the whole input (none when it is empty), then
/// custom_tool_call_input.done and item done. Item added carries input "".
/// </summary>
internal sealed class CustomToolCallItemEvents(int outputIndex, string id, string callId, OfferedTool tool, int callIndex)
    : ToolCallItemEvents(outputIndex, id, callId, tool, callIndex)
{
    private string? input;

    public override void Open(List<ResponseStreamEvent> events) =>
        events.Add(new ResponseOutputItemAddedEvent { OutputIndex = OutputIndex, Item = Call(string.Empty, OutputItemStatus.InProgress) });

    protected override void CloseContent(List<ResponseStreamEvent> events)
    {
        input = InputOf(Arguments);
        if (input.Length > 0)
        {
            events.Add(new ResponseCustomToolCallInputDeltaEvent { ItemId = Id, OutputIndex = OutputIndex, Delta = input });
        }

        events.Add(new ResponseCustomToolCallInputDoneEvent { ItemId = Id, OutputIndex = OutputIndex, Input = input });
    }

    protected override OutputItem Build(OutputItemStatus status) => Call(input ?? InputOf(Arguments), status);

    /// <summary>
    /// The "input" string of the arguments object; anything else (another shape, JSON cut short by a length limit)
    /// is passed on as the raw arguments text rather than lost, since the tool's input is free-form anyway.
    /// </summary>
    private static string InputOf(string arguments)
    {
        try
        {
            using var document = JsonDocument.Parse(arguments);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("input", out var value)
                && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : arguments;
        }
        catch (JsonException)
        {
            return arguments;
        }
    }

    private CustomToolCall Call(string text, OutputItemStatus status) => new()
    {
        Id = Id,
        CallId = CallId,
        Name = Tool.Name,
        Namespace = Tool.Namespace,
        Input = text,
        Status = status,
    };
}
