using Responses.Inference.Parsing;
using static Responses.Tests.Unit.Inference.Parsing.ParserHarness;

namespace Responses.Tests.Unit.Inference.Parsing;

public class Phi4ParserTests
{
    private static readonly Func<IOutputParser> Phi = Family(ToolCallSyntax.Phi4);

    [Fact]
    public void A_phi4_mini_block_holds_the_calls()
    {
        AssertParses(Phi,
            "<|tool_call|>[{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}, {\"name\": \"get_time\", \"arguments\": {}}]<|/tool_call|>",
            Events(Call(0, "get_weather", """{"city":"Paris"}"""), Call(1, "get_time", "{}")));
    }

    [Fact]
    public void A_block_with_one_bad_call_is_text_as_a_whole()
    {
        var output = "<|tool_call|>[{\"name\": \"get_weather\", \"arguments\": {}}, {\"arguments\": {}}]<|/tool_call|>";
        var parser = AssertParses(Phi, output, Events(output));
        Assert.Equal(1, parser.MalformedCalls);
    }

    [Fact]
    public void Hermes_tags_mean_nothing_to_phi()
    {
        var output = "<tool_call>{\"name\": \"get_time\", \"arguments\": {}}</tool_call>";
        AssertParses(Phi, output, Events(output));
    }
}
