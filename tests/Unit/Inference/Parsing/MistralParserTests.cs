using Responses.Inference.Parsing;
using static Responses.Tests.Unit.Inference.Parsing.ParserHarness;

namespace Responses.Tests.Unit.Inference.Parsing;

public class MistralParserTests
{
    private static readonly Func<IOutputParser> Mistral = Family(ToolCallSyntax.Mistral);

    [Fact]
    public void A_v3_array_holds_parallel_calls()
    {
        AssertParses(Mistral,
            "[TOOL_CALLS] [{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}, {\"name\": \"get_time\", \"arguments\": {}}]",
            Events(Call(0, "get_weather", """{"city":"Paris"}"""), Call(1, "get_time", "{}")));
    }

    [Fact]
    public void V11_calls_are_a_name_then_args()
    {
        AssertParses(Mistral,
            "[TOOL_CALLS]get_weather[ARGS]{\"city\": \"Paris\"}[TOOL_CALLS]get_time[ARGS]{}",
            Events(Call(0, "get_weather", """{"city":"Paris"}"""), Call(1, "get_time", "{}")));
    }

    [Fact]
    public void A_call_id_between_name_and_args_is_skipped()
    {
        AssertParses(Mistral, "[TOOL_CALLS]get_weather[CALL_ID]a1b2c3d4e[ARGS]{\"city\": \"Paris\"}", Call(0, "get_weather", """{"city":"Paris"}"""));
    }

    [Fact]
    public void Text_before_the_marker_stays_text()
    {
        AssertParses(Mistral, "Checking [now]. [TOOL_CALLS]get_time[ARGS]{}", Events("Checking [now].", Call(0, "get_time", "{}")));
    }

    [Theory]
    [InlineData("[TOOL_CALLS] [{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}")] // cut short
    [InlineData("[TOOL_CALLS]get_weather[ARGS]{\"city\": Paris}")] // not JSON
    [InlineData("[TOOL_CALLS] is what I would write\nbut not now")] // prose after a stray marker
    public void Malformed_markup_stays_text(string output)
    {
        var parser = AssertParses(Mistral, output, Events(output));
        Assert.Equal(1, parser.MalformedCalls);
    }
}
