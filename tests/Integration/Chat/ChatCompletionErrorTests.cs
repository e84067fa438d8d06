using System.Text.Json.Nodes;

namespace Responses.Tests.Integration.Chat;

/// <summary>Refusals of /v1/chat/completions, in OpenAI's envelope with the parameter named.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class ChatCompletionErrorTests(DefaultServer server)
{
    [Theory]
    [InlineData("""{"model":"responses-tiny-llama","messages":[{"role":"user","content":"hi"}],"n":2}""", 400, "n", "unsupported_value")]
    [InlineData("""{"model":"responses-tiny-llama","messages":[{"role":"user","content":"hi"}],"stop":["a","b","c","d","e"]}""", 400, "stop", "invalid_value")]
    [InlineData("""{"model":"responses-tiny-llama","messages":[{"role":"user","content":"hi"}],"stop":7}""", 400, "stop", "invalid_type")]
    [InlineData("""{"model":"responses-tiny-llama","messages":[{"role":"user","content":"hi"}],"stop":["ok",""]}""", 400, "stop[1]", "invalid_value")]
    [InlineData("""{"model":"responses-tiny-llama"}""", 400, "messages", "missing_required_parameter")]
    [InlineData("""{"model":"responses-tiny-llama","messages":[]}""", 400, "messages", "invalid_value")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", 400, "model", "missing_required_parameter")]
    [InlineData("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", 404, "model", "model_not_found")]
    [InlineData("""{"model":"responses-tiny-llama","messages":[{"role":"user","content":"hi"}],"temperature":3}""", 400, "temperature", "invalid_value")]
    [InlineData("""{"model":"responses-tiny-llama","messages":[{"role":"user","content":"hi"}],"logit_bias":{"abc":1}}""", 400, "logit_bias", "invalid_value")]
    [InlineData("""{"model":"responses-tiny-llama","messages":[{"role":"user","content":"hi"}],"logit_bias":{"12":101}}""", 400, "logit_bias", "invalid_value")]
    [InlineData("""{"model":"responses-tiny-llama","messages":[{"role":"user","content":"hi"}],"logit_bias":[1]}""", 400, "logit_bias", "invalid_type")]
    [InlineData("""{"model":"responses-tiny-llama","messages":[{"role":"user","content":"hi"}],"frequency_penalty":2.5}""", 400, "frequency_penalty", "invalid_value")]
    [InlineData("""{"model":"responses-tiny-llama","messages":[{"role":"tool","content":"21","tool_call_id":"call_x"}]}""", 400, "messages[0].tool_call_id", "invalid_value")]
    [InlineData("""{"model":"responses-tiny-llama","messages":[{"role":"user"}]}""", 400, "messages[0].content", "missing_required_parameter")]
    [InlineData("""{"model":"responses-tiny-llama","messages":[{"role":"user","content":[{"type":"text","text":"Read."},{"type":"file","file":{"file_id":"file-abc"}}]}]}""", 400, "messages[0].content[1].file.file_id", "unsupported_value")]
    [InlineData("""{"model":"responses-tiny-llama","messages":[{"role":"user","content":[{"type":"file","file":{"filename":"a.png","file_data":"data:image/png;base64,iVBORw0KGgo="}}]}]}""", 400, "messages[0].content[0].file", "invalid_value")]
    public async Task Refusals_name_the_parameter(string body, int status, string param, string code)
    {
        using var response = await server.Factory.CreateClient().PostAsync("/v1/chat/completions", Api.Json(body));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("invalid_request_error", (string?)error["type"]);
        Assert.Equal(param, (string?)error["param"]);
        Assert.Equal(code, (string?)error["code"]);
    }

    [Fact]
    public async Task Store_is_accepted_and_nothing_is_stored()
    {
        using var response = await server.Factory.CreateClient().PostAsync(
            "/v1/chat/completions", Api.Json("""{"model":"responses-tiny-llama","messages":[{"role":"user","content":"hi"}],"store":true,"max_tokens":2}"""));
        var completion = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(200, (int)response.StatusCode);
        using var stored = await server.Factory.CreateClient().GetAsync($"/v1/responses/{(string)completion["id"]!}");
        Assert.Equal(404, (int)stored.StatusCode);
    }
}
