using System.Text;
using System.Text.Json.Nodes;

namespace Responses.Conformance.Streaming;

/// <summary>
/// What a stream says twice must agree: the deltas of a text (or arguments, or reasoning) concatenate to its done
/// event's value and to the finished item's, and the items the stream finished are the terminal response's output.
/// </summary>
public static class StreamContentChecker
{
    // Family of delta/done events -> the field of the done event (and of the finished part or item) holding the value.
    private static readonly IReadOnlyDictionary<string, string> DoneFields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["response.output_text"] = "text",
        ["response.refusal"] = "refusal",
        ["response.reasoning_text"] = "text",
        ["response.reasoning_summary_text"] = "text",
        ["response.function_call_arguments"] = "arguments",
        ["response.custom_tool_call_input"] = "input",
    };

    public static IReadOnlyList<string> CheckDeltas(IReadOnlyList<StreamEvent> events)
    {
        var problems = new List<string>();
        var deltas = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var type = e.Type ?? "";
            var family = DoneFields.Keys.FirstOrDefault(f => type == f + ".delta" || type == f + ".done");
            if (family is null)
            {
                continue;
            }

            var key = $"{family} of output {e.OutputIndex}, part {e.ContentIndex ?? StreamEvent.Number(e.Data?["summary_index"])}";
            if (!deltas.TryGetValue(key, out var text))
            {
                deltas[key] = text = new StringBuilder();
            }

            if (type.EndsWith(".delta", StringComparison.Ordinal))
            {
                text.Append(StreamEvent.Text(e.Data?["delta"]));
                continue;
            }

            var done = StreamEvent.Text(e.Data?[DoneFields[family]]);
            if (done != text.ToString())
            {
                problems.Add($"{key}: deltas concatenate to {Quote(text.ToString())}, the done event says {Quote(done)}");
            }

            var finished = Finished(events, family, e);
            if (finished is not null && finished != done)
            {
                problems.Add($"{key}: the done event says {Quote(done)}, the finished item says {Quote(finished)}");
            }
        }

        return problems;
    }

    /// <summary>Every item output_item.done carried equals the terminal response's output at its index.</summary>
    public static IReadOnlyList<string> CheckTerminalOutput(IReadOnlyList<StreamEvent> events)
    {
        var terminal = events.LastOrDefault(e => StreamOrderChecker.TerminalTypes.Contains(e.Type ?? ""));
        if (terminal?.Data?["response"]?["output"] is not JsonArray output)
        {
            return ["no terminal event with response.output"];
        }

        var problems = new List<string>();
        var finished = events.Where(e => e.Type == "response.output_item.done").ToList();
        foreach (var e in finished)
        {
            var index = e.OutputIndex ?? -1;
            if (index < 0 || index >= output.Count)
            {
                problems.Add($"{e}: output_index {index}, but the terminal response has {output.Count} output items");
            }
            else if (!JsonNode.DeepEquals(e.Data?["item"], output[index]))
            {
                problems.Add($"{e}: the item differs from the terminal response's output[{index}]");
            }
        }

        if (terminal.Type != "response.failed" && finished.Count != output.Count)
        {
            problems.Add($"{finished.Count} items finished in the stream, the terminal response has {output.Count}");
        }

        return problems;
    }

    // The value in the matching content_part.done part, or for arguments/input the output_item.done item.
    private static string? Finished(IReadOnlyList<StreamEvent> events, string family, StreamEvent done)
    {
        var field = DoneFields[family];
        if (family is "response.function_call_arguments" or "response.custom_tool_call_input")
        {
            var item = events.FirstOrDefault(e => e.Type == "response.output_item.done" && e.OutputIndex == done.OutputIndex);
            return StreamEvent.Text(item?.Data?["item"]?[field]);
        }

        if (family == "response.output_text" || family == "response.refusal")
        {
            var part = events.FirstOrDefault(e =>
                e.Type == "response.content_part.done" && e.OutputIndex == done.OutputIndex && e.ContentIndex == done.ContentIndex);
            return StreamEvent.Text(part?.Data?["part"]?[field]);
        }

        return null;
    }

    private static string Quote(string? text) =>
        text is null ? "nothing" : text.Length <= 60 ? $"\"{text}\"" : $"\"{text[..60]}…\" ({text.Length} chars)";
}
