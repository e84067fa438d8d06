using System.Text.Json;
using System.Text.Json.Nodes;
using Responses.Inference;
using Responses.Inference.Parsing;
using static Responses.Tests.Unit.Inference.Parsing.ParserHarness;

namespace Responses.Tests.Unit.Inference.Parsing;

public class ForcedToolCallSchemaTests
{
    [Fact]
    public void One_call_of_one_tool_is_a_single_strict_object_with_the_guidance_options()
    {
        var schema = JsonNode.Parse(ForcedToolCallSchema.Build([Weather], null, 1))!.AsObject();
        Assert.Equal("""{"whitespace_flexible":false,"lenient":true}""", schema["x-guidance"]!.ToJsonString());
        Assert.Equal("object", (string?)schema["type"]);
        Assert.Equal(["name", "arguments"], schema["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("get_weather", (string?)schema["properties"]!["name"]!["const"]);
        Assert.Equal("""["name","arguments"]""", schema["required"]!.ToJsonString());
        Assert.False((bool)schema["additionalProperties"]!);
        Assert.Equal(JsonNode.Parse(Weather.ParametersJson!)!.ToJsonString(), schema["properties"]!["arguments"]!.ToJsonString());
    }

    [Fact]
    public void Several_calls_are_an_array_over_the_allowed_tools()
    {
        var schema = JsonNode.Parse(ForcedToolCallSchema.Build([Weather, Time, new ChatTool("other", null, null)], ["get_time", "get_weather"], 3))!.AsObject();
        Assert.Equal("array", (string?)schema["type"]);
        Assert.Equal(1, (int)schema["minItems"]!);
        Assert.Equal(3, (int)schema["maxItems"]!);
        var variants = schema["items"]!["anyOf"]!.AsArray();
        Assert.Equal(["get_weather", "get_time"], variants.Select(v => (string?)v!["properties"]!["name"]!["const"]));
        Assert.Equal("""{"type":"object","properties":{},"additionalProperties":false}""", variants[1]!["properties"]!["arguments"]!.ToJsonString());
    }

    [Fact]
    public void No_limit_means_no_max_items()
    {
        var schema = JsonNode.Parse(ForcedToolCallSchema.Build([Weather], null, null))!.AsObject();
        Assert.False(schema.ContainsKey("maxItems"));
    }

    [Fact]
    public void Strict_tools_get_no_extra_properties_and_refs_follow_the_schema()
    {
        var tool = new ChatTool("plan", null, """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:plan","properties":{"step":{"$ref":"#/$defs/step"}},"$defs":{"step":{"type":"string"}}}
            """, Strict: true);
        var schema = JsonNode.Parse(ForcedToolCallSchema.Build([tool, Time], null, null))!;
        var arguments = schema["items"]!["anyOf"]![0]!["properties"]!["arguments"]!.AsObject();
        Assert.Equal("""{"type":"object","properties":{"step":{"$ref":"#/items/anyOf/0/properties/arguments/$defs/step"}},"$defs":{"step":{"type":"string"}},"additionalProperties":false}""",
            arguments.ToJsonString());
    }

    [Fact]
    public void No_allowed_tool_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ForcedToolCallSchema.Build([Weather], ["missing"], 1));
    }

    [Fact]
    public void Json_object_format_is_any_object()
    {
        Assert.Equal("""{"x-guidance":{"whitespace_flexible":false,"lenient":true},"type":"object"}""", JsonFormatSchema.ForObject());
    }

    [Fact]
    public void Json_schema_format_keeps_the_clients_schema_and_adds_the_options()
    {
        var client = """{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"a":{"type":"integer","format":"int32"}},"required":["a"]}""";
        var schema = JsonNode.Parse(JsonFormatSchema.For(client))!.AsObject();
        Assert.Equal("""{"whitespace_flexible":false,"lenient":true}""", schema["x-guidance"]!.ToJsonString());
        schema.Remove("x-guidance");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(client), schema));
    }

    [Fact]
    public void The_clients_own_guidance_options_win()
    {
        var schema = JsonNode.Parse(JsonFormatSchema.For("""{"type":"object","x-guidance":{"whitespace_flexible":true}}"""))!;
        Assert.Equal("""{"lenient":true,"whitespace_flexible":true}""", schema["x-guidance"]!.ToJsonString());
    }

    [Fact]
    public void A_schema_that_is_no_json_is_refused()
    {
        Assert.Throws<ArgumentException>(() => JsonFormatSchema.For("{"));
        Assert.Throws<ArgumentException>(() => JsonFormatSchema.For("[]"));
    }

    [Fact]
    public void The_schema_is_valid_json_schema()
    {
        // The forced schema must itself be a schema a validator accepts, and a call must validate against it.
        var schema = Json.Schema.JsonSchema.FromText(ForcedToolCallSchema.Build([Weather, Time], null, 2));
        var ok = schema.Evaluate(JsonNode.Parse("""[{"name":"get_weather","arguments":{"city":"Paris"}}]"""));
        var bad = schema.Evaluate(JsonNode.Parse("""[{"name":"get_time","arguments":{},"extra":1}]"""));
        Assert.True(ok.IsValid);
        Assert.False(bad.IsValid);
    }
}
