using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Responses.Conformance.Streaming;

/// <summary>
/// Reads an SSE body into events as the HTML standard frames them: lines up to a blank line, <c>event:</c> and
/// <c>data:</c> fields (several data lines join with newlines), comments ignored. A <c>data: [DONE]</c> sentinel,
/// which this API does not send, is reported as a problem rather than skipped.
/// </summary>
public static class SseReader
{
    public static async Task<SseBody> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var events = new List<StreamEvent>();
        var problems = new List<string>();
        string? name = null;
        var data = new StringBuilder();
        var hasData = false;

        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                Dispatch();
                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "event":
                    name = value;
                    break;
                case "data":
                    data.Append(hasData ? "\n" : "").Append(value);
                    hasData = true;
                    break;
            }
        }

        Dispatch();
        return new SseBody(events, problems);

        void Dispatch()
        {
            if (hasData)
            {
                var text = data.ToString();
                if (text == "[DONE]")
                {
                    problems.Add("a 'data: [DONE]' frame (the Responses API ends with its terminal event, not [DONE])");
                }
                else
                {
                    try
                    {
                        events.Add(new StreamEvent(name, JsonNode.Parse(text)));
                    }
                    catch (JsonException e)
                    {
                        problems.Add($"event {events.Count} is not JSON ({e.Message}): {Shorten(text)}");
                    }
                }
            }

            name = null;
            data.Clear();
            hasData = false;
        }
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
