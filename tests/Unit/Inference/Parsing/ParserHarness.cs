using System.Globalization;
using Responses.Inference;
using Responses.Inference.Parsing;
using Responses.Server.Runs;

namespace Responses.Tests.Unit.Inference.Parsing;

/// <summary>
/// Feeds a recorded output to a fresh parser whole, in every 2-piece split and one character at a time, and checks
/// that every way gives the same events (consecutive deltas of a kind merged, as a client would see them).
/// </summary>
internal static class ParserHarness
{
    public static readonly ChatTool Weather = new("get_weather", "Current weather", """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");

    public static readonly ChatTool Time = new("get_time", "Current time", null);

    /// <summary>A rendered prompt that offers tools (or none), as the model would hand it to the parser factory.</summary>
    public static RenderedPrompt Prompt(bool tools = true, int? maxCalls = null, string text = "<|im_start|>assistant\n") =>
        new(text, [1, 2, 3])
        {
            Source = new ChatPrompt([new ChatMessage("user", "Weather in Paris?")])
            {
                Tools = tools ? [Weather, Time] : [],
                MaxToolCalls = maxCalls,
            },
        };

    public static Func<IOutputParser> Family(ToolCallSyntax syntax, bool tools = true, bool thinks = false, int? maxCalls = null, string promptText = "<|im_start|>assistant\n") =>
        () => OutputParsers.Create(syntax, thinks, Prompt(tools, maxCalls, promptText));

    /// <summary>Asserts that every split of <paramref name="output"/> parses to <paramref name="expected"/>; returns the last parser.</summary>
    public static IOutputParser AssertParses(Func<IOutputParser> create, string output, params OutputEvent[] expected)
    {
        var chars = Pieces(output);
        IOutputParser parser = null!;
        void Check(IEnumerable<string> pieces, string how)
        {
            parser = create();
            var events = Run(parser, pieces);
            Assert.True(expected.SequenceEqual(events), $"{how}:\nexpected {Show(expected)}\nactual   {Show(events)}");
        }

        Check([output], "whole");
        for (var cut = 1; cut < chars.Count; cut++)
            Check([string.Concat(chars.Take(cut)), string.Concat(chars.Skip(cut))], $"split at {cut}");
        Check(chars, "one char at a time");
        return parser;
    }

    /// <summary>Parses the pieces, then flushes; returns merged events.</summary>
    public static List<OutputEvent> Run(IOutputParser parser, IEnumerable<string> pieces)
    {
        var all = new List<OutputEvent>();
        var events = new List<OutputEvent>();
        foreach (var piece in pieces)
        {
            events.Clear(); // the caller reuses one list per push
            parser.Push(piece, events);
            all.AddRange(events);
        }
        events.Clear();
        parser.Flush(events);
        all.AddRange(events);
        return Merge(all);
    }

    public static List<OutputEvent> Merge(IEnumerable<OutputEvent> events)
    {
        var merged = new List<OutputEvent>();
        foreach (var e in events)
        {
            Assert.False(e is TextDelta { Text.Length: 0 } or ReasoningDelta { Text.Length: 0 } or ToolCallArgumentsDelta { Delta.Length: 0 }, "empty delta");
            var last = merged.Count > 0 ? merged[^1] : null;
            switch (e, last)
            {
                case (TextDelta a, TextDelta b):
                    merged[^1] = new TextDelta(b.Text + a.Text);
                    break;
                case (ReasoningDelta a, ReasoningDelta b):
                    merged[^1] = new ReasoningDelta(b.Text + a.Text);
                    break;
                case (ToolCallArgumentsDelta a, ToolCallArgumentsDelta b) when a.Index == b.Index:
                    merged[^1] = new ToolCallArgumentsDelta(a.Index, b.Delta + a.Delta);
                    break;
                default:
                    merged.Add(e);
                    break;
            }
        }
        return merged;
    }

    /// <summary>The three events of one whole call.</summary>
    public static OutputEvent[] Call(int index, string name, string arguments) =>
        [new ToolCallStarted(index, name), new ToolCallArgumentsDelta(index, arguments), new ToolCallCompleted(index, name, arguments)];

    public static OutputEvent[] Events(params object[] parts) =>
        parts.SelectMany(part => part switch
        {
            OutputEvent e => [e],
            OutputEvent[] many => many,
            string text => [new TextDelta(text)],
            _ => throw new ArgumentException("event, events or text", nameof(parts)),
        }).ToArray();

    /// <summary>Whole characters (a surrogate pair is one piece, as the detokenizer never splits one).</summary>
    private static List<string> Pieces(string text)
    {
        var pieces = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
            pieces.Add(e.GetTextElement());
        return pieces;
    }

    private static string Show(IEnumerable<OutputEvent> events) => string.Join(", ", events.Select(e => e.ToString()));
}
