using System.Net;
using System.Text.Json;
using Responses.Generated;
using Responses.Server.Api;
using Responses.Server.Errors;

namespace Responses.Tests.Unit.Server;

/// <summary>Bad bodies, read with the server's own options, and what the client is told about them.</summary>
public sealed class JsonErrorTranslatorTests
{
    private static readonly JsonSerializerOptions Options = ApiJson.CreateReadOptions();

    private static ApiException ErrorFor(string body)
    {
        var exception = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<CreateResponse>(body, Options));
        var error = JsonErrorTranslator.Translate(exception);
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, error.Type);
        return error;
    }

    [Theory]
    [InlineData("""{"model":"m","input":""")]
    [InlineData("""{"model":"m" "input":"hi"}""")]
    [InlineData("""{"model":"m","input":"hi",}""")]
    [InlineData("""{model:"m"}""")]
    [InlineData("not json")]
    public void Syntax_error_is_invalid_json_without_param(string body)
    {
        var error = ErrorFor(body);

        Assert.Equal(ErrorTypes.InvalidJson, error.Code);
        Assert.Null(error.Param);
        Assert.StartsWith("We could not parse the JSON body of your request.", error.Message);
        Assert.DoesNotContain("LineNumber", error.Message);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("42")]
    [InlineData("\"hello\"")]
    [InlineData("true")]
    public void Body_that_is_not_an_object_is_invalid_json(string body)
    {
        var error = ErrorFor(body);

        Assert.Equal(ErrorTypes.InvalidJson, error.Code);
        Assert.Null(error.Param);
    }

    [Theory]
    [InlineData("""{"model":"m","input":"hi","temperature":"0.5"}""", "temperature", "a number")]
    [InlineData("""{"model":"m","input":"hi","max_output_tokens":"32"}""", "max_output_tokens", "an integer")]
    [InlineData("""{"model":"m","input":"hi","max_output_tokens":3.5}""", "max_output_tokens", "an integer")]
    [InlineData("""{"model":"m","input":"hi","stream":"yes"}""", "stream", "a boolean")]
    [InlineData("""{"model":42,"input":"hi"}""", "model", "a string")]
    public void Wrong_type_is_invalid_type_naming_the_field(string body, string param, string expected)
    {
        var error = ErrorFor(body);

        Assert.Equal(ErrorTypes.InvalidType, error.Code);
        Assert.Equal(param, error.Param);
        Assert.Equal($"Invalid type for '{param}': expected {expected}.", error.Message);
    }

    [Fact]
    public void Wrong_type_deep_inside_input_names_the_whole_path()
    {
        var error = ErrorFor("""{"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":5}]}]}""");

        Assert.Equal(ErrorTypes.InvalidType, error.Code);
        Assert.Equal("input[0].content[0].text", error.Param);
        Assert.Contains("'input[0].content[0].text'", error.Message);
        Assert.Contains("a string", error.Message);
    }

    [Fact]
    public void Wrong_type_in_a_later_item_and_part_names_their_indexes()
    {
        var error = ErrorFor("""
            {"model":"m","input":[
              {"role":"user","content":"hi"},
              {"role":"user","content":[{"type":"input_text","text":"a"},{"type":"input_text","text":["b"]}]}]}
            """);

        Assert.Equal("input[1].content[1].text", error.Param);
    }

    [Fact]
    public void Enum_value_is_invalid_value_listing_the_allowed_values()
    {
        var error = ErrorFor("""{"model":"m","input":[{"role":"robot","content":"hi"}]}""");

        Assert.Equal(ErrorTypes.InvalidValue, error.Code);
        Assert.Equal("input[0].role", error.Param);
        Assert.Equal("Invalid value for 'input[0].role': expected one of 'user', 'assistant', 'system', 'developer'.", error.Message);
    }

    [Fact]
    public void Top_level_enum_value_lists_the_allowed_values()
    {
        var error = ErrorFor("""{"model":"m","input":"hi","truncation":"sideways"}""");

        Assert.Equal(ErrorTypes.InvalidValue, error.Code);
        Assert.Equal("truncation", error.Param);
        Assert.Equal("Invalid value for 'truncation': expected one of 'auto', 'disabled'.", error.Message);
    }

    [Fact]
    public void Unknown_item_type_is_invalid_value_naming_the_item()
    {
        var error = ErrorFor("""{"model":"m","input":[{"role":"user","content":"hi"},{"type":"bogus_item"}]}""");

        Assert.Equal(ErrorTypes.InvalidValue, error.Code);
        Assert.Equal("input[1]", error.Param);
        Assert.Contains("'bogus_item'", error.Message);
    }

    [Fact]
    public void Input_of_the_wrong_shape_names_input()
    {
        var error = ErrorFor("""{"model":"m","input":42}""");

        Assert.Equal("input", error.Param);
        Assert.Contains("'input' must be a string or an array", error.Message);
    }

    [Fact]
    public void Wrong_type_for_an_object_field_says_an_object()
    {
        var error = ErrorFor("""{"model":"m","input":"hi","metadata":[1]}""");

        Assert.Equal(ErrorTypes.InvalidType, error.Code);
        Assert.Equal("metadata", error.Param);
        Assert.Equal("Invalid type for 'metadata': expected an object.", error.Message);
    }

    [Fact]
    public void Syntax_error_inside_input_is_still_invalid_json()
    {
        var error = ErrorFor("""{"model":"m","input":[{"role":"user","content":"hi"]}""");

        Assert.Equal(ErrorTypes.InvalidJson, error.Code);
        Assert.Null(error.Param);
    }
}
