using System.Net;
using System.Text;

namespace Responses.Tests.Integration;

/// <summary>
/// Every refusal is OpenAI's envelope {"error":{"message","type","param","code"}} with a 4xx: never a 500, never
/// another body shape, and param names the offending field, nested paths included.
/// </summary>
[Collection(DefaultServerCollection.Name)]
public sealed class ErrorTests(DefaultServer server)
{
    private const string M = Api.Model;

    public static TheoryData<string, string, int, string?, string?> BadBodies() => new()
    {
        // name, body, status, code, param
        { "malformed JSON", """{"model":""", 400, "invalid_json", null },
        { "empty body", "", 400, "invalid_json", null },
        { "JSON array body", """[{"model":"x"}]""", 400, "invalid_json", null },
        { "JSON null body", "null", 400, "invalid_json", null },
        { "temperature as a string", $$"""{"model":"{{M}}","input":"hi","temperature":"0.5"}""", 400, "invalid_type", "temperature" },
        { "max_output_tokens as a float", $$"""{"model":"{{M}}","input":"hi","max_output_tokens":16.5}""", 400, "invalid_type", "max_output_tokens" },
        { "input as a number", $$"""{"model":"{{M}}","input":42}""", 400, "invalid_value", "input" },
        { "content part text as a number", $$"""{"model":"{{M}}","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":7}]}]}""", 400, "invalid_type", "input[0].content[0].text" },
        { "nested in a later item", $$"""{"model":"{{M}}","input":[{"role":"user","content":"hi"},{"role":"user","content":[{"type":"input_text","text":"a"},{"type":"input_text","text":false}]}]}""", 400, "invalid_type", "input[1].content[1].text" },
        { "missing model", """{"input":"hi"}""", 400, "missing_required_parameter", "model" },
        { "missing input", $$"""{"model":"{{M}}"}""", 400, "missing_required_parameter", "input" },
        { "empty input array", $$"""{"model":"{{M}}","input":[]}""", 400, "invalid_value", "input" },
        { "unknown input item type", $$"""{"model":"{{M}}","input":[{"type":"bogus_item","x":1}]}""", 400, "invalid_value", "input[0]" },
        { "bad role", $$"""{"model":"{{M}}","input":[{"role":"wizard","content":"hi"}]}""", 400, "invalid_value", "input[0].role" },
        { "temperature above 2", $$"""{"model":"{{M}}","input":"hi","temperature":2.5}""", 400, "invalid_value", "temperature" },
        { "temperature below 0", $$"""{"model":"{{M}}","input":"hi","temperature":-0.1}""", 400, "invalid_value", "temperature" },
        { "top_p above 1", $$"""{"model":"{{M}}","input":"hi","top_p":1.5}""", 400, "invalid_value", "top_p" },
        { "max_output_tokens below 16", $$"""{"model":"{{M}}","input":"hi","max_output_tokens":15}""", 400, "invalid_value", "max_output_tokens" },
        { "metadata value not a string", $$$"""{"model":"{{{M}}}","input":"hi","metadata":{"a":1}}""", 400, "invalid_type", "metadata.a" },
        { "image URL the server would fetch", $$"""{"model":"{{M}}","input":[{"role":"user","content":[{"type":"input_image","image_url":"https://example.com/a.png"}]}]}""", 400, "invalid_image_url", "input[0].content[0].image_url" },
        { "required field null", $$"""{"model":"{{M}}","input":[{"role":"user","content":null}]}""", 400, "invalid_type", "input[0].content" },
        { "null tool", $$"""{"model":"{{M}}","input":"hi","tools":[null]}""", 400, "invalid_type", "tools[0]" },
        { "function tool without a name", $$"""{"model":"{{M}}","input":"hi","tools":[{"type":"function"}]}""", 400, "missing_required_parameter", "tools[0].name" },
        { "unknown content part type", $$"""{"model":"{{M}}","input":[{"role":"user","content":[{"type":"bogus","text":"x"}]}]}""", 400, "invalid_value", "input[0].content[0].type" },
        { "json_schema format without a name", $$$"""{"model":"{{{M}}}","text":{"format":{"schema":{},"type":"json_schema"}},"input":"hi"}""", 400, "missing_required_parameter", "text.format.name" },
        { "content part without a type", $$"""{"model":"{{M}}","input":[{"role":"user","content":[{"text":"x"}]}]}""", 400, "missing_required_parameter", "input[0].content[0].type" },
        { "lone surrogate in a string", $$"""{"model":"{{M}}","input":"\ud800"}""", 400, "invalid_value", "input" },
        { "unknown previous_response_id", $$"""{"model":"{{M}}","input":"hi","previous_response_id":"resp_unknown"}""", 404, "previous_response_not_found", "previous_response_id" },
        { "background mode without store", $$"""{"model":"{{M}}","input":"hi","background":true,"store":false}""", 400, "invalid_value", "store" },
        { "presence_penalty below -2", $$"""{"model":"{{M}}","input":"hi","presence_penalty":-2.5}""", 400, "invalid_value", "presence_penalty" },
        { "frequency_penalty above 2", $$"""{"model":"{{M}}","input":"hi","frequency_penalty":2.5}""", 400, "invalid_value", "frequency_penalty" },
        { "top_logprobs above 20", $$"""{"model":"{{M}}","input":"hi","top_logprobs":21}""", 400, "invalid_value", "top_logprobs" },
        { "max_tool_calls 0", $$"""{"model":"{{M}}","input":"hi","max_tool_calls":0}""", 400, "invalid_value", "max_tool_calls" },
        { "tool_choice names a missing function", $$$"""{"model":"{{{M}}}","input":"hi","tools":[{"type":"function","name":"f"}],"tool_choice":{"type":"function","name":"g"}}""", 400, "invalid_value", "tool_choice.name" },
        { "tool_choice required with hosted tools only", $$"""{"model":"{{M}}","input":"hi","tools":[{"type":"web_search"}],"tool_choice":"required"}""", 400, "invalid_value", "tool_choice" },
        { "allowed_tools without mode", $$$"""{"model":"{{{M}}}","input":"hi","tool_choice":{"type":"allowed_tools","tools":[]}}""", 400, "missing_required_parameter", "tool_choice.mode" },
        { "function_call without call_id", $$"""{"model":"{{M}}","input":[{"type":"function_call","name":"f","arguments":"{}"}]}""", 400, "missing_required_parameter", "input[0].call_id" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_request_bodies_get_the_envelope(string name, string body, int status, string? code, string? param)
    {
        _ = name; // only labels the case in the test results
        using var response = await server.Client.PostResponseAsync(body);
        await Api.AssertErrorAsync(response, (HttpStatusCode)status, code, param);
    }

    public static TheoryData<string, string?> MissingMessageFields() => new()
    {
        // body, param
        { $$"""{"model":"{{M}}","input":[{"role":"user"}]}""", "input[0].content" },
        { $$"""{"model":"{{M}}","input":[{"type":"message","content":"hi"}]}""", "input[0].role" },
        { $$"""{"model":"{{M}}","input":[{"role":"user","content":[{"type":"input_text"}]}]}""", "input[0].content[0].text" },
    };

    [Theory]
    [MemberData(nameof(MissingMessageFields))]
    public async Task A_message_missing_a_required_field_is_400_naming_it(string body, string? param)
    {
        using var response = await server.Client.PostResponseAsync(body);
        await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "missing_required_parameter", param);
    }

    [Fact]
    public async Task A_wrong_type_is_described_in_JSON_terms()
    {
        using var response = await server.Client.PostResponseAsync($$"""{"model":"{{M}}","input":"hi","metadata":[]}""");
        var error = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_type", "metadata");
        Assert.Contains("an object", (string)error["message"]!);
    }

    [Theory]
    [InlineData("""[{"model":"x"}]""")]
    [InlineData("\"a string\"")]
    [InlineData("42")]
    public async Task A_body_that_is_not_an_object_is_described_without_internal_names(string body)
    {
        using var response = await server.Client.PostResponseAsync(body);
        var error = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_json", null);
        Assert.DoesNotContain("Responses.", (string)error["message"]!);
    }

    [Fact]
    public async Task Bad_requests_are_refused_when_streaming_too()
    {
        using var response = await server.Client.PostResponseAsync($$"""{"model":"{{M}}","input":"hi","temperature":9,"stream":true}""");
        await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_value", "temperature");
    }

    [Fact]
    public async Task Tool_output_without_its_call_names_the_call_id()
    {
        using var response = await server.Client.PostResponseAsync($$"""{"model":"{{M}}","input":[{"role":"user","content":"hi"},{"type":"function_call_output","call_id":"c1","output":"42"}]}""");
        var error = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_value", "input[1].call_id");
        Assert.Equal("No tool call found for function call output with call_id 'c1'.", (string)error["message"]!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unknown_model_is_404_model_not_found(bool stream)
    {
        using var response = await server.Client.PostResponseAsync($$"""{"model":"gpt-4o","input":"hi","stream":{{(stream ? "true" : "false")}}}""");
        var error = await Api.AssertErrorAsync(response, HttpStatusCode.NotFound, "model_not_found", "model");
        Assert.Contains("gpt-4o", (string)error["message"]!);
        Assert.Contains(M, (string)error["message"]!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_prompt_longer_than_the_context_is_400_context_length_exceeded(bool stream)
    {
        // ~110 KB of varied text: the embedded tokenizer has few merges, so this is far beyond 32768 tokens.
        var random = new Random(1);
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?-";
        var text = new StringBuilder(110_000);
        for (var i = 0; i < 110_000; i++)
        {
            text.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        using var response = await server.Client.PostResponseAsync(
            $$"""{"model":"{{M}}","input":"{{text}}","max_output_tokens":16,"stream":{{(stream ? "true" : "false")}}}""");
        var error = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "context_length_exceeded", "input");
        Assert.Contains("32768", (string)error["message"]!);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_JSON_is_415(string contentType)
    {
        using var content = new StringContent($$"""{"model":"{{M}}","input":"hi"}""", Encoding.UTF8, contentType);
        using var response = await server.Client.PostAsync("/v1/responses", content);
        await Api.AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", null);
    }

    [Fact]
    public async Task A_POST_without_content_type_is_415()
    {
        using var response = await server.Client.PostAsync("/v1/responses", content: null);
        await Api.AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", null);
    }

    [Theory]
    [InlineData("GET", "/v1/nothing-here")]
    [InlineData("POST", "/v1/completions")]
    [InlineData("GET", "/")]
    public async Task Unknown_path_is_404(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await server.Client.SendAsync(request);
        var error = await Api.AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found", null);
        Assert.Contains(path, (string)error["message"]!);
    }

    [Theory]
    [InlineData("GET", "/v1/responses")]
    [InlineData("DELETE", "/v1/models")]
    [InlineData("PUT", "/v1/responses")]
    public async Task Wrong_method_is_405(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await server.Client.SendAsync(request);
        await Api.AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed", null);
    }
}
