using Responses.Inference;
using Responses.Inference.Parsing;
using Responses.Server.Runs;
using static Responses.Tests.Unit.Inference.Parsing.ParserHarness;

namespace Responses.Tests.Unit.Inference.Parsing;

public class HermesParserTests
{
    private static readonly Func<IOutputParser> Qwen = Family(ToolCallSyntax.Hermes);

    [Fact]
    public void A_qwen25_call_is_one_whole_call_and_no_text()
    {
        AssertParses(Qwen, "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>",
            Call(0, "get_weather", """{"city":"Paris"}"""));
    }

    [Fact]
    public void Text_before_a_call_stays_text_and_the_layout_between_them_goes()
    {
        AssertParses(Qwen, "Let me check the weather.\n\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>",
            Events("Let me check the weather.", Call(0, "get_weather", """{"city":"Paris"}""")));
    }

    [Fact]
    public void Calls_in_a_row_are_parallel_calls_numbered_in_order()
    {
        AssertParses(Qwen,
            "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>\n"
            + "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Tōkyō\", \"days\": 2.50}}\n</tool_call>\n",
            Events(Call(0, "get_weather", """{"city":"Paris"}"""), Call(1, "get_weather", """{"city":"Tōkyō","days":2.50}""")));
    }

    [Fact]
    public void Parameters_and_arguments_encoded_as_a_string_are_accepted()
    {
        AssertParses(Qwen,
            "<tool_call>{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}</tool_call>"
            + "<tool_call>{\"name\": \"get_time\", \"arguments\": \"{\\\"zone\\\": \\\"UTC\\\"}\"}</tool_call>",
            Events(Call(0, "get_weather", """{"city":"Paris"}"""), Call(1, "get_time", """{"zone":"UTC"}""")));
    }

    [Fact]
    public void Text_after_a_call_is_text()
    {
        AssertParses(Qwen, "<tool_call>{\"name\": \"get_time\", \"arguments\": {}}</tool_call>\nDone.",
            Events(Call(0, "get_time", "{}"), "Done."));
    }

    [Fact]
    public void A_last_call_whose_closing_tag_never_came_is_still_a_call_when_it_is_whole()
    {
        AssertParses(Qwen, "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n",
            Call(0, "get_weather", """{"city":"Paris"}"""));
    }

    [Theory]
    [InlineData("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}\n</tool_call>")] // a brace short
    [InlineData("<tool_call>\n{\"arguments\": {\"city\": \"Paris\"}}\n</tool_call>")] // no name
    [InlineData("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": [1]}\n</tool_call>")] // arguments not an object
    [InlineData("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Par")] // cut short
    public void Malformed_markup_stays_text_and_is_counted(string output)
    {
        var parser = AssertParses(Qwen, "Sure. " + output, Events("Sure. " + output));
        Assert.Equal(1, parser.MalformedCalls);
    }

    [Fact]
    public void Prose_that_only_looks_like_the_start_of_a_tag_is_released()
    {
        AssertParses(Qwen, "a < b and <tool_cal is no tag <", Events("a < b and <tool_cal is no tag <"));
    }

    [Fact]
    public void Without_tools_the_markup_is_text()
    {
        var output = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {}}\n</tool_call>";
        AssertParses(Family(ToolCallSyntax.Hermes, tools: false), output, Events(output));
    }

    [Fact]
    public void Calls_beyond_the_limit_are_dropped_and_counted()
    {
        var parser = AssertParses(Family(ToolCallSyntax.Hermes, maxCalls: 1),
            "<tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}</tool_call>\n"
            + "<tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Rome\"}}</tool_call>",
            Call(0, "get_weather", """{"city":"Paris"}"""));
        Assert.Equal(1, parser.DroppedCalls);
        Assert.Equal(0, parser.MalformedCalls);
    }

    [Theory]
    [InlineData("Hello!\n")]
    [InlineData("\n\n")]
    public void Plain_text_loses_nothing_not_even_trailing_whitespace(string output)
    {
        AssertParses(Qwen, output, Events(output));
    }

    [Fact]
    public void Whitespace_after_the_last_call_is_dropped()
    {
        AssertParses(Qwen, "\n<tool_call>{\"name\": \"get_time\", \"arguments\": {}}</tool_call>\n\n", Call(0, "get_time", "{}"));
    }
}

public class HermesParserDetailTests
{
    [Fact]
    public void Non_ascii_arguments_stay_readable_and_emoji_survive_the_split()
    {
        var events = ParserHarness.Run(ParserHarness.Family(ToolCallSyntax.Hermes)(),
            ["Zürich 🌧", "\n<tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Zürich \\u00e9 🌧\"}}</tool_call>"]);
        var completed = Assert.IsType<ToolCallCompleted>(events[^1]);
        Assert.Equal(new TextDelta("Zürich 🌧"), events[0]);
        using var arguments = System.Text.Json.JsonDocument.Parse(completed.Arguments);
        Assert.Equal("Zürich é 🌧", arguments.RootElement.GetProperty("city").GetString());
        Assert.Equal("{\"city\":\"Zürich é 🌧\"}", completed.Arguments);
    }

    [Fact]
    public void A_plain_piece_goes_out_as_the_same_string()
    {
        var parser = ParserHarness.Family(ToolCallSyntax.Hermes)();
        var events = new List<OutputEvent>();
        var piece = " world";
        parser.Push(piece, events);
        Assert.Same(piece, Assert.IsType<TextDelta>(Assert.Single(events)).Text);
    }
}
