using System.Net;
using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Images;

/// <summary>
/// Images to the tiny vision model the server serves by default beside the text model: through ORT GenAI's
/// multimodal processor, so a greedy answer is a function of the image, and the image's tokens are counted.
/// </summary>
[Collection(DefaultServerCollection.Name)]
public sealed class VisionModelImageTests(DefaultServer server)
{
    private const string Vision = "responses-tiny-vision";

    /// <summary>Soft tokens the gemma3 processor gives every image.</summary>
    private const int ImageTokens = 256;

    private static readonly string Red = TestImages.DataUrl(TestImages.Solid(255, 0, 0));

    private static string UserWithImage(string url) =>
        $$"""{"role":"user","content":[{"type":"input_text","text":"What is in this picture?"},{"type":"input_image","image_url":"{{url}}"}]}""";

    private async Task<JsonObject> GreedyAsync(string url) =>
        await server.Client.CreateAsync($$"""{"model":"{{Vision}}","input":[{{UserWithImage(url)}}],"max_output_tokens":16,"temperature":0,"store":false}""");

    [Fact]
    public async Task The_vision_model_is_listed_as_taking_images_beside_the_text_model()
    {
        var models = JsonNode.Parse(await server.Client.GetStringAsync("/v1/models"))!["data"]!.AsArray();
        Assert.Equal([Api.Model, Vision], models.Select(model => (string)model!["id"]!));
    }

    [Fact]
    public async Task The_same_image_twice_gives_the_same_greedy_answer_and_another_image_a_different_one()
    {
        var red = Api.OutputText(await GreedyAsync(Red));
        var redAgain = Api.OutputText(await GreedyAsync(Red));
        var checkerboard = Api.OutputText(await GreedyAsync(TestImages.DataUrl(TestImages.Checkerboard())));

        Assert.NotEmpty(red);
        Assert.Equal(red, redAgain);
        Assert.NotEqual(red, checkerboard);
    }

    [Fact]
    public async Task The_input_tokens_count_the_image_tokens_the_model_runs()
    {
        var withImage = await GreedyAsync(Red);
        var without = await server.Client.CreateAsync(
            $$"""{"model":"{{Vision}}","input":[{"role":"user","content":[{"type":"input_text","text":"What is in this picture?"}]}],"max_output_tokens":16,"store":false}""");

        // 256 soft tokens between the image's start and end markers, each set off by blank lines.
        var added = (int)withImage["usage"]!["input_tokens"]! - (int)without["usage"]!["input_tokens"]!;
        Assert.InRange(added, ImageTokens + 2, ImageTokens + 8);
    }

    [Fact]
    public async Task An_image_in_a_function_call_output_is_accepted()
    {
        var response = await server.Client.CreateAsync(
            $$"""
            {"model":"{{Vision}}","max_output_tokens":16,"store":false,"input":[
              {"role":"user","content":"Look at the screen."},
              {"type":"function_call","call_id":"call_1","name":"view_image","arguments":"{\"path\":\"a.png\"}"},
              {"type":"function_call_output","call_id":"call_1","output":[{"type":"input_image","image_url":"{{Red}}"}]}]}
            """);

        Assert.Contains((string?)response["status"], new[] { "completed", "incomplete" });
        Assert.True((int)response["usage"]!["input_tokens"]! > ImageTokens);
    }

    [Fact]
    public async Task Text_that_spells_the_image_marker_is_a_400_not_a_wrong_image()
    {
        using var response = await server.Client.PostResponseAsync(
            $$"""{"model":"{{Vision}}","store":false,"input":[{"role":"user","content":[{"type":"input_text","text":"<start_of_image>"},{"type":"input_image","image_url":"{{Red}}"}]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_unchanged_image_replayed_next_turn_is_cached_and_a_changed_one_is_not()
    {
        // Text of its own before the image: no other test's kept generation shares this prompt up to its image.
        var opening = $"Turns {Guid.NewGuid():N}";
        string User(string url) =>
            $$"""{"role":"user","content":[{"type":"input_text","text":"{{opening}}"},{"type":"input_image","image_url":"{{url}}"}]}""";
        var first = await server.Client.CreateAsync($$"""{"model":"{{Vision}}","input":[{{User(Red)}}],"max_output_tokens":16,"temperature":0,"store":false}""");
        var answer = first["output"]!.AsArray().Last()!.ToJsonString();
        string NextTurn(string url) =>
            $$"""{"model":"{{Vision}}","input":[{{User(url)}},{{answer}},{"role":"user","content":"And now?"}],"max_output_tokens":16,"temperature":0,"store":false}""";

        var replayed = await server.Client.CreateAsync(NextTurn(Red));
        var changed = await server.Client.CreateAsync(NextTurn(TestImages.DataUrl(TestImages.Checkerboard())));

        Assert.InRange(CachedTokens(replayed), ImageTokens + 1, (int)replayed["usage"]!["input_tokens"]! - 1);
        Assert.Equal(0, CachedTokens(changed));
    }

    private static int CachedTokens(JsonNode response) => (int)response["usage"]!["input_tokens_details"]!["cached_tokens"]!;

    [Fact]
    public async Task An_image_whose_header_is_good_but_whose_pixels_cannot_be_decoded_is_a_400()
    {
        // A PNG's signature and IHDR (what the request's checks read), then bytes that are no image data.
        var png = TestImages.Solid(255, 0, 0);
        byte[] broken = [.. png.AsSpan(0, 33), .. Enumerable.Repeat((byte)0x5A, 64)];

        using var response = await server.Client.PostResponseAsync(
            $$"""{"model":"{{Vision}}","store":false,"input":[{{UserWithImage(TestImages.DataUrl(broken))}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("image", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_completions_and_a_stream_read_the_image_too()
    {
        using var chat = await server.Client.PostAsync("/v1/chat/completions", Api.Json(
            $$$"""{"model":"{{{Vision}}}","max_tokens":16,"temperature":0,"messages":[{"role":"user","content":[{"type":"text","text":"What is in this picture?"},{"type":"image_url","image_url":{"url":"{{{Red}}}"}}]}]}"""));
        var completion = JsonNode.Parse(await chat.Content.ReadAsStringAsync())!;
        using var stream = await server.Client.PostResponseAsync(
            $$"""{"model":"{{Vision}}","input":[{{UserWithImage(Red)}}],"max_output_tokens":16,"temperature":0,"store":false,"stream":true}""");
        var events = await stream.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.True((int)completion["usage"]!["prompt_tokens"]! > ImageTokens);
        Assert.Matches("event: response\\.(completed|incomplete)", events);
        Assert.Contains("event: response.output_text.delta", events, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<image_soft_token>", false)]
    [InlineData("<image_soft_token>", true)]
    [InlineData("<end_of_image>", true)]
    [InlineData("<start_of_image>", false)]
    public async Task Text_that_spells_an_image_token_is_never_a_500(string text, bool withImage)
    {
        var image = withImage ? $$""",{"type":"input_image","image_url":"{{Red}}"}""" : "";
        using var response = await server.Client.PostResponseAsync(
            $$"""{"model":"{{Vision}}","store":false,"max_output_tokens":16,"input":[{"role":"user","content":[{"type":"input_text","text":"{{text}}"}{{image}}]}]}""");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
    }
}
