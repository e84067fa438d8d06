using System.Net;
using System.Text.Json.Nodes;
using Responses.Tests.Integration.Stored;

namespace Responses.Tests.Integration;

/// <summary>POST /v1/responses/input_tokens counts what create would give the model: the same number as create's usage.input_tokens.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class InputTokensTests(DefaultServer server)
{
    private const string Tools = ""","tools":[{"type":"function","name":"get_weather","description":"Weather of a city.","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]""";

    [Fact]
    public async Task A_string_input_counts_what_create_reports()
    {
        await AssertSameAsync(""" "input":"Tell me about the sea.","instructions":"Be brief." """);
    }

    [Fact]
    public async Task An_item_history_with_tools_counts_what_create_reports()
    {
        await AssertSameAsync(""" "input":[{"role":"user","content":"Weather in Paris?"},{"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},{"type":"function_call_output","call_id":"call_1","output":"sunny"}]""" + Tools);
    }

    [Fact]
    public async Task A_previous_response_id_chain_and_a_conversation_count_what_create_reports()
    {
        var first = await server.Client.CreateAsync(Stored.Stored.Body("My name is Ada."));
        await AssertSameAsync($$""" "input":"What is my name?","previous_response_id":"{{first["id"]}}" """);

        using var created = await server.Client.PostAsync("/v1/conversations", Api.Json("""{"items":[{"role":"user","content":"Hello there."},{"role":"assistant","content":"Hi."}]}"""));
        var conversation = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
        var counted = await CountAsync($$""" "input":"And then?","conversation":"{{conversation}}" """);
        var response = await server.Client.CreateAsync($$"""{"model":"{{Api.Model}}","input":"And then?","conversation":"{{conversation}}","max_output_tokens":16}""");
        Assert.Equal((int)response["usage"]!["input_tokens"]!, counted);
    }

    [Fact]
    public async Task The_model_may_be_left_out_and_bad_input_is_a_400_as_on_create()
    {
        using var counted = await server.Client.PostAsync("/v1/responses/input_tokens", Api.Json("""{"input":"Hi"}"""));
        var body = JsonNode.Parse(await counted.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, counted.StatusCode);
        Assert.Equal("response.input_tokens", (string?)body["object"]);
        Assert.True((int)body["input_tokens"]! > 0);

        using var unknown = await server.Client.PostAsync("/v1/responses/input_tokens", Api.Json("""{"model":"gpt-x","input":"Hi"}"""));
        await Api.AssertErrorAsync(unknown, HttpStatusCode.NotFound, "model_not_found", "model");
        using var missing = await server.Client.PostAsync("/v1/responses/input_tokens", Api.Json($$"""{"model":"{{Api.Model}}","previous_response_id":"resp_unknown","input":"Hi"}"""));
        await Api.AssertErrorAsync(missing, HttpStatusCode.NotFound, "previous_response_not_found", "previous_response_id");
    }

    [Fact]
    public async Task Moderation_is_refused_naming_it_and_prompt_cache_options_are_accepted()
    {
        using var moderated = await server.Client.PostResponseAsync($$$"""{"model":"{{{Api.Model}}}","input":"Hi","moderation":{"model":"omni-moderation-latest"}}""");
        await Api.AssertErrorAsync(moderated, HttpStatusCode.BadRequest, "unsupported_value", "moderation");

        var cached = await server.Client.CreateAsync($$$"""{"model":"{{{Api.Model}}}","input":"Hi","max_output_tokens":16,"prompt_cache_options":{"ttl":"30m","mode":"implicit"}}""");
        Assert.Contains((string?)cached["status"], new[] { "completed", "incomplete" });
    }

    [Fact]
    public async Task A_prompt_template_is_refused_naming_it_never_dropped()
    {
        using var refused = await server.Client.PostResponseAsync($$$"""{"model":"{{{Api.Model}}}","input":"Hi","prompt":{"id":"pmpt_123","version":"2"}}""");

        await Api.AssertErrorAsync(refused, HttpStatusCode.BadRequest, "unsupported_value", "prompt");
    }

    private async Task AssertSameAsync(string fields)
    {
        var counted = await CountAsync(fields);
        var response = await server.Client.CreateAsync($$"""{"model":"{{Api.Model}}",{{fields}},"max_output_tokens":16,"store":false}""");
        Assert.Equal((int)response["usage"]!["input_tokens"]!, counted);
    }

    private async Task<int> CountAsync(string fields)
    {
        using var response = await server.Client.PostAsync("/v1/responses/input_tokens", Api.Json($$"""{"model":"{{Api.Model}}",{{fields}}}"""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var body = JsonNode.Parse(text)!;
        Assert.Equal("response.input_tokens", (string?)body["object"]);
        return (int)body["input_tokens"]!;
    }
}
