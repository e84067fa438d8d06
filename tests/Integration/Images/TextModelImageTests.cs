using System.Net;
using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Images;

/// <summary>
/// Images sent to the text model: never a refusal (an agent replays its whole history, images included, every turn),
/// each given to the model as a short text; only what is malformed is a 400 naming the part.
/// </summary>
[Collection(DefaultServerCollection.Name)]
public sealed class TextModelImageTests(DefaultServer server)
{
    private static readonly string Red = TestImages.DataUrl(TestImages.Solid(255, 0, 0));

    /// <summary>Generated (the token cap may end it: the embedded model's answers are random).</summary>
    private static void AssertAnswered(JsonNode response) =>
        Assert.Contains((string?)response["status"], new[] { "completed", "incomplete" });

    private static string UserWithImage(string url) =>
        $$"""{"type":"message","role":"user","content":[{"type":"input_text","text":"What is in this picture?"},{"type":"input_image","image_url":"{{url}}","detail":"auto"}]}""";

    [Fact]
    public async Task An_image_to_the_text_model_is_200_and_the_history_holding_it_replays()
    {
        var first = await server.Client.CreateAsync(
            $$"""{"model":"{{Api.Model}}","input":[{{UserWithImage(Red)}}],"max_output_tokens":16,"temperature":0}""");
        AssertAnswered(first);
        Assert.True((int)first["usage"]!["input_tokens"]! > 10);

        // A chain continues it, and a Codex-style client resends the whole history (image, answer, new question).
        var chained = await server.Client.CreateAsync(
            $$"""{"model":"{{Api.Model}}","previous_response_id":"{{first["id"]}}","input":"And now?","max_output_tokens":16}""");
        AssertAnswered(chained);
        var answer = first["output"]!.AsArray().Last()!.ToJsonString();
        var replayed = await server.Client.CreateAsync(
            $$"""{"model":"{{Api.Model}}","store":false,"input":[{{UserWithImage(Red)}},{{answer}},{"role":"user","content":"And now?"}],"max_output_tokens":16}""");
        AssertAnswered(replayed);
    }

    [Fact]
    public async Task The_text_model_reads_a_placeholder_where_the_image_was()
    {
        var withImage = await InputTokensAsync($$"""[{{UserWithImage(Red)}}]""");
        var without = await InputTokensAsync("""[{"role":"user","content":[{"type":"input_text","text":"What is in this picture?"}]}]""");

        // "\n[image omitted: this model does not accept images]" is a dozen tokens or more, whatever the tokenizer.
        Assert.InRange(withImage - without, 8, 64);
    }

    private async Task<int> InputTokensAsync(string input)
    {
        using var response = await server.Client.PostAsync("/v1/responses/input_tokens", Api.Json($$"""{"model":"{{Api.Model}}","input":{{input}}}"""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return (int)JsonNode.Parse(text)!["input_tokens"]!;
    }

    [Fact]
    public async Task An_image_in_a_function_call_output_is_accepted()
    {
        var response = await server.Client.CreateAsync(
            $$"""
            {"model":"{{Api.Model}}","max_output_tokens":16,"input":[
              {"role":"user","content":"Look at the screen."},
              {"type":"function_call","call_id":"call_1","name":"view_image","arguments":"{\"path\":\"a.png\"}"},
              {"type":"function_call_output","call_id":"call_1","output":[{"type":"input_image","image_url":"{{Red}}"}]}]}
            """);
        AssertAnswered(response);
    }

    [Fact]
    public async Task Chat_completions_take_an_image_url_part()
    {
        using var response = await server.Client.PostAsync("/v1/chat/completions", Api.Json(
            $$$"""{"model":"{{{Api.Model}}}","max_tokens":8,"messages":[{"role":"user","content":[{"type":"text","text":"What?"},{"type":"image_url","image_url":{"url":"{{{Red}}}"}}]}]}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("https://example.com/a.png", "invalid_image_url", "input[0].content[1].image_url")]
    [InlineData("data:image/png;base64,!!!!", "invalid_base64_image", "input[0].content[1].image_url")]
    [InlineData("data:application/pdf;base64,JVBERi0=", "unsupported_image_media_type", "input[0].content[1].image_url")]
    [InlineData("/tmp/a.png", "invalid_image_url", "input[0].content[1].image_url")]
    public async Task A_malformed_image_is_400_naming_the_part(string url, string code, string param)
    {
        using var response = await server.Client.PostResponseAsync($$"""{"model":"{{Api.Model}}","input":[{{UserWithImage(url)}}]}""");
        await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, code, param);
    }

    [Fact]
    public async Task The_models_list_says_the_text_model_reads_text_only()
    {
        var body = JsonNode.Parse(await server.Client.GetStringAsync($"/v1/models/{Api.Model}"))!;
        Assert.Equal(["text"], body["input_modalities"]!.AsArray().Select(m => (string?)m));
    }
}
