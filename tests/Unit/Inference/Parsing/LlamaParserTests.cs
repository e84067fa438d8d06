using Responses.Inference.Parsing;
using static Responses.Tests.Unit.Inference.Parsing.ParserHarness;

namespace Responses.Tests.Unit.Inference.Parsing;

public class LlamaParserTests
{
    private static readonly Func<IOutputParser> Llama = Family(ToolCallSyntax.Llama3);

    [Fact]
    public void A_llama31_json_call_is_a_call()
    {
        AssertParses(Llama, "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}", Call(0, "get_weather", """{"city":"Paris"}"""));
    }

    [Fact]
    public void A_call_after_the_python_tag_is_a_call()
    {
        AssertParses(Llama, "<|python_tag|>{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}", Call(0, "get_weather", """{"city":"Paris"}"""));
    }

    [Fact]
    public void Calls_joined_by_semicolons_are_parallel_calls()
    {
        AssertParses(Llama,
            "\n{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}; {\"name\": \"get_time\", \"parameters\": {}}",
            Events(Call(0, "get_weather", """{"city":"Paris"}"""), Call(1, "get_time", "{}")));
    }

    [Fact]
    public void A_json_object_in_the_middle_of_prose_is_prose()
    {
        var output = "Call it like {\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}.";
        AssertParses(Llama, output, Events(output));
    }

    [Theory]
    [InlineData("{\"city\": \"Paris\", \"temperature\": 21}")] // a JSON answer, not a call
    [InlineData("{ this is not JSON")]
    [InlineData("<|python")]
    public void An_output_that_is_no_call_is_text_and_not_malformed(string output)
    {
        var parser = AssertParses(Llama, output, Events(output));
        Assert.Equal(0, parser.MalformedCalls);
    }

    [Fact]
    public void Python_code_after_the_tag_is_text_and_malformed()
    {
        var parser = AssertParses(Llama, "<|python_tag|>print(1)", Events("<|python_tag|>print(1)"));
        Assert.Equal(1, parser.MalformedCalls);
    }

    [Fact]
    public void Text_after_the_calls_is_text()
    {
        AssertParses(Llama, "{\"name\": \"get_time\", \"parameters\": {}}\nThat is all.", Events(Call(0, "get_time", "{}"), "That is all."));
    }
}
