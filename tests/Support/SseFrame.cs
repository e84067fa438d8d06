using System.Text.Json.Nodes;

namespace Responses.Tests.Support;

/// <summary>One Server-Sent Events frame as the Responses API sends it: "event: type\ndata: json\n\n".</summary>
public sealed record SseFrame(string Event, string Data)
{
    public JsonNode Json => JsonNode.Parse(Data)!;

    /// <summary>
    /// Splits a whole SSE body into frames, failing unless every frame is exactly one event line, one data line and
    /// a blank line (no comments, no ids, no retry, no "[DONE]", nothing after the last frame).
    /// </summary>
    public static IReadOnlyList<SseFrame> ParseAll(string body)
    {
        Assert.EndsWith("\n\n", body);
        var frames = new List<SseFrame>();
        foreach (var chunk in body[..^2].Split("\n\n"))
        {
            frames.Add(ParseFrame(chunk));
        }

        return frames;
    }

    /// <summary>Reads the next frame of a live stream, or null at its end.</summary>
    public static async Task<SseFrame?> ReadAsync(StreamReader reader)
    {
        var eventLine = await reader.ReadLineAsync();
        if (eventLine is null)
        {
            return null;
        }

        var dataLine = await reader.ReadLineAsync();
        var blank = await reader.ReadLineAsync();
        Assert.NotNull(dataLine);
        Assert.Equal(string.Empty, blank);
        return ParseFrame(eventLine + "\n" + dataLine);
    }

    private static SseFrame ParseFrame(string chunk)
    {
        var lines = chunk.Split('\n');
        Assert.True(lines.Length == 2, $"A frame must be exactly an event line and a data line, got:\n{chunk}");
        Assert.StartsWith("event: ", lines[0]);
        Assert.StartsWith("data: ", lines[1]);
        Assert.DoesNotContain('\r', chunk);
        return new SseFrame(lines[0]["event: ".Length..], lines[1]["data: ".Length..]);
    }
}
