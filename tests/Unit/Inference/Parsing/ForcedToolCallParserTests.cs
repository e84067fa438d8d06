using Responses.Inference;
using Responses.Inference.Parsing;
using Responses.Server.Runs;
using static Responses.Tests.Unit.Inference.Parsing.ParserHarness;

namespace Responses.Tests.Unit.Inference.Parsing;

public class ForcedToolCallParserTests
{
    private static Func<IOutputParser> Forced(int? maxCalls = null) => () => OutputParsers.Create(ToolCallSyntax.Hermes, false, new RenderedPrompt("p", [1])
    {
        Source = new ChatPrompt([new ChatMessage("user", "Weather?")])
        {
            Tools = [Weather, Time],
            ToolChoice = ToolChoice.Required,
            MaxToolCalls = maxCalls,
        },
    });

    [Fact]
    public void A_single_call_object_is_a_call()
    {
        var parser = AssertParses(Forced(1), """{"name":"get_weather","arguments":{"city":"Paris"}}""", Call(0, "get_weather", """{"city":"Paris"}"""));
        Assert.IsType<ForcedToolCallParser>(parser);
        Assert.Equal(0, parser.MalformedCalls);
    }

    [Fact]
    public void An_array_holds_parallel_calls()
    {
        AssertParses(Forced(), """[{"name":"get_weather","arguments":{"city":"Pa]ris}"}},{"name":"get_time","arguments":{}}]""",
            Events(Call(0, "get_weather", """{"city":"Pa]ris}"}"""), Call(1, "get_time", "{}")));
    }

    [Fact]
    public void The_call_starts_as_soon_as_its_name_is_whole()
    {
        var parser = Forced()();
        var events = new List<OutputEvent>();
        parser.Push("[{\"name\":\"get_wea", events);
        Assert.Empty(events);
        parser.Push("ther\",\"argu", events);
        Assert.Equal([new ToolCallStarted(0, "get_weather")], events);
        events.Clear();
        parser.Push("ments\":{\"city\":\"Paris\"}}]", events);
        Assert.Equal([new ToolCallArgumentsDelta(0, """{"city":"Paris"}"""), new ToolCallCompleted(0, "get_weather", """{"city":"Paris"}""")], events);
    }

    [Fact]
    public void A_call_cut_short_is_not_completed_nor_text()
    {
        var parser = Forced()();
        var events = ParserHarness.Run(parser, ["[{\"name\":\"get_weather\",\"arguments\":{\"ci"]);
        // What was generated of the arguments went out as it came; the call is never completed.
        Assert.Equal([new ToolCallStarted(0, "get_weather"), new ToolCallArgumentsDelta(0, "{\"ci")], events);
        Assert.Equal(1, parser.MalformedCalls);
    }

    [Fact]
    public void Calls_beyond_the_limit_are_dropped()
    {
        var parser = AssertParses(Forced(1), """[{"name":"get_time","arguments":{}},{"name":"get_time","arguments":{}}]""", Call(0, "get_time", "{}"));
        Assert.Equal(1, parser.DroppedCalls);
    }

    [Fact]
    public void Arguments_stream_as_they_are_generated_and_add_up_to_the_completed_ones()
    {
        var parser = Forced()();
        var events = new List<OutputEvent>();
        foreach (var piece in new[] { "{\"name\":\"get_weather\",\"argu", "ments\":{\"city", "\":\"Pa", "ris\"}", "}" })
            parser.Push(piece, events);
        parser.Flush(events);

        Assert.Equal(
            [
                new ToolCallStarted(0, "get_weather"),
                new ToolCallArgumentsDelta(0, "{\"city"),
                new ToolCallArgumentsDelta(0, "\":\"Pa"),
                new ToolCallArgumentsDelta(0, "ris\"}"),
                new ToolCallCompleted(0, "get_weather", "{\"city\":\"Paris\"}"),
            ],
            events);
    }
}
