using System.Text.Json;
using Responses.Inference.Parsing;

namespace Responses.Tests.Unit.Inference.Parsing;

public class ToolCallJsonTests
{
    [Theory]
    [InlineData("""{"a": "quote \" back \\ nl \n tab \t ctl \u0001 <html> &amp; é 🌧"}""", """{"a":"quote \" back \\ nl \n tab \t ctl \u0001 <html> &amp; é 🌧"}""")]
    [InlineData("""{ "n" : 1.50e3, "b": [true, null, -0], "o": { } }""", """{"n":1.50e3,"b":[true,null,-0],"o":{}}""")]
    [InlineData("""{"z": 1, "a": 2, "z2": "\u00e9"}""", """{"z":1,"a":2,"z2":"é"}""")]
    public void Arguments_are_compact_in_the_models_order_with_exact_values(string arguments, string expected)
    {
        Assert.True(ToolCallJson.TryReadArguments(arguments, out var compact));
        Assert.Equal(expected, compact);
        using var before = JsonDocument.Parse(arguments);
        using var after = JsonDocument.Parse(compact);
        Assert.True(JsonElement.DeepEquals(before.RootElement, after.RootElement));
    }

    [Theory]
    [InlineData("""{"name": "f"}""")] // no arguments: a JSON answer with a "name" is not a call
    [InlineData("""{"name": 3, "arguments": {}}""")]
    [InlineData("""{"name": " ", "arguments": {}}""")]
    [InlineData("""{"name": "f", "arguments": "[1]"}""")]
    [InlineData("""[]""")]
    [InlineData("""{"name": "f", "arguments": {}} trailing""")]
    public void Not_a_call(string json)
    {
        Assert.False(ToolCallJson.TryReadCalls(json, []));
    }
}
