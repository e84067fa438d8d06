using System.Net;
using System.Text.Json;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Api;
using Responses.Server.Errors;
using Responses.Server.Runs.Chat;
using Responses.Server.Runs.Conversation;
using Responses.Server.Runs.Images;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Server;

/// <summary>input_image parts (and chat's image_url parts) as the model is given them, and every way one is refused.</summary>
public sealed class ImageInputsTests
{
    private static readonly JsonSerializerOptions Json = ApiJson.CreateOptions();
    private static readonly byte[] Red = TestImages.Solid(255, 0, 0);

    private static BuiltConversation Build(ImageOptions? options, params InputContent[] parts) =>
        ConversationBuilder.Build(
            new CreateResponse { Model = "m", Input = new List<InputItem> { new EasyInputMessage { Role = EasyInputMessageRole.User, Content = parts.ToList() } } },
            [],
            Json,
            options);

    private static ApiException Refused(ImageOptions? options, params InputContent[] parts) =>
        Assert.Throws<ApiException>(() => Build(options, parts));

    [Fact]
    public void An_image_is_held_by_its_user_turn_where_it_stands_in_the_text()
    {
        var built = Build(null, new InputTextContent { Text = "what is this?" }, new InputImageContent { ImageUrl = TestImages.DataUrl(Red), Detail = "low" });

        var turn = Assert.Single(built.Prompt.Messages);
        Assert.Equal($"what is this?\n{ChatImage.Marker}", turn.Content);
        var image = Assert.Single(turn.Images);
        Assert.Equal(Red, image.Bytes.ToArray());
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal((16, 16), (image.Width, image.Height));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Red)), image.Digest);
    }

    [Fact]
    public void Client_text_cannot_forge_an_image_marker()
    {
        var built = Build(null, new InputTextContent { Text = $"a{ChatImage.Marker}b" }, new InputImageContent { ImageUrl = TestImages.DataUrl(Red) });

        Assert.Equal($"a\uFFFDb\n{ChatImage.Marker}", Assert.Single(built.Prompt.Messages).Content);
    }

    [Fact]
    public void A_text_model_is_given_a_placeholder_in_each_images_place()
    {
        var built = Build(null, new InputImageContent { ImageUrl = TestImages.DataUrl(Red) }, new InputTextContent { Text = "and" }, new InputImageContent { ImageUrl = TestImages.DataUrl(Red) });

        var (prompt, omitted) = TextModelImages.Omit(built.Prompt);

        Assert.Equal(2, omitted);
        var turn = Assert.Single(prompt.Messages);
        Assert.Equal($"{TextModelImages.Placeholder}\nand\n{TextModelImages.Placeholder}", turn.Content);
        Assert.Empty(turn.Images);
    }

    [Fact]
    public void An_image_in_a_system_message_is_checked_then_given_as_text()
    {
        var built = ConversationBuilder.Build(
            new CreateResponse
            {
                Model = "m",
                Input = new List<InputItem>
                {
                    new EasyInputMessage { Role = EasyInputMessageRole.Developer, Content = new List<InputContent> { new InputImageContent { ImageUrl = TestImages.DataUrl(Red) } } },
                    new EasyInputMessage { Role = EasyInputMessageRole.User, Content = "hi" },
                },
            },
            Json);

        Assert.Equal(InputItemReader.SystemImagePlaceholder, built.Prompt.Messages[0].Content);
        Assert.All(built.Prompt.Messages, m => Assert.Empty(m.Images));
    }

    public static TheoryData<string, InputImageContent, string, string> Malformed() => new()
    {
        { "neither image_url nor file_id", new InputImageContent(), "missing_required_parameter", "input[0].content[0].image_url" },
        { "an http URL", new InputImageContent { ImageUrl = "http://example.com/a.png" }, "invalid_image_url", "input[0].content[0].image_url" },
        { "an https URL", new InputImageContent { ImageUrl = "HTTPS://example.com/a.png" }, "invalid_image_url", "input[0].content[0].image_url" },
        { "a file_id", new InputImageContent { FileId = "file-abc" }, "unsupported_value", "input[0].content[0].file_id" },
        { "neither data nor a path", new InputImageContent { ImageUrl = "ftp://example.com/a.png" }, "invalid_image_url", "input[0].content[0].image_url" },
        { "a data URL without base64", new InputImageContent { ImageUrl = "data:image/png,abc" }, "invalid_image_url", "input[0].content[0].image_url" },
        { "bad base64", new InputImageContent { ImageUrl = "data:image/png;base64,@@@@" }, "invalid_base64_image", "input[0].content[0].image_url" },
        { "a media type that is not an image", new InputImageContent { ImageUrl = "data:text/plain;base64,aGk=" }, "unsupported_image_media_type", "input[0].content[0].image_url" },
        { "bytes that are no image", new InputImageContent { ImageUrl = "data:image/png;base64,aGVsbG8gd29ybGQ=" }, "invalid_image_format", "input[0].content[0].image_url" },
        { "no bytes", new InputImageContent { ImageUrl = "data:image/png;base64," }, "empty_image_file", "input[0].content[0].image_url" },
        { "a local path while no folder is set", new InputImageContent { ImageUrl = "/etc/passwd" }, "invalid_image_url", "input[0].content[0].image_url" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_image_is_400_naming_the_part(string what, InputImageContent part, string code, string param)
    {
        var error = Refused(null, new InputTextContent { Text = "x" }, part);

        Assert.True(error.Status == HttpStatusCode.BadRequest, what);
        Assert.Equal(code, error.Code);
        Assert.Equal(param.Replace("content[0]", "content[1]"), error.Param);
    }

    [Fact]
    public void Bytes_beyond_the_limit_are_400_limit_exceeded()
    {
        var error = Refused(new ImageOptions { MaxBytesPerImage = 64 }, new InputImageContent { ImageUrl = TestImages.DataUrl(TestImages.Checkerboard(64)) });

        Assert.Equal((HttpStatusCode.BadRequest, "limit_exceeded", "input[0].content[0]"), (error.Status, error.Code, error.Param));
        Assert.Contains("Images:MaxBytesPerImage", error.Message);
    }

    [Fact]
    public void Pixels_beyond_the_limit_are_400_limit_exceeded()
    {
        var error = Refused(new ImageOptions { MaxPixels = 100 }, new InputImageContent { ImageUrl = TestImages.DataUrl(Red) });

        Assert.Equal(("limit_exceeded", "input[0].content[0]"), (error.Code, error.Param));
        Assert.Contains("16x16", error.Message);
    }

    [Fact]
    public void Images_beyond_the_count_are_400_limit_exceeded_naming_the_first_too_many()
    {
        var image = new InputImageContent { ImageUrl = TestImages.DataUrl(Red) };

        var error = Refused(new ImageOptions { MaxImagesPerRequest = 2 }, image, image, image);

        Assert.Equal(("limit_exceeded", "input[0].content[2]"), (error.Code, error.Param));
    }

    [Fact]
    public void A_local_path_is_read_only_inside_the_configured_folder()
    {
        var folder = Directory.CreateTempSubdirectory("images-");
        try
        {
            var path = Path.Combine(folder.FullName, "red.png");
            File.WriteAllBytes(path, Red);
            var options = new ImageOptions { LocalFolder = folder.FullName };

            Assert.Equal(Red, Assert.Single(Build(options, new InputImageContent { ImageUrl = path }).Prompt.Messages[0].Images).Bytes.ToArray());
            Assert.Equal(Red, Assert.Single(Build(options, new InputImageContent { ImageUrl = new Uri(path).AbsoluteUri }).Prompt.Messages[0].Images).Bytes.ToArray());
            Assert.Equal("image_file_not_found", Refused(options, new InputImageContent { ImageUrl = Path.Combine(folder.FullName, "none.png") }).Code);
            var outside = Refused(options, new InputImageContent { ImageUrl = Path.Combine(folder.FullName, "..", "red.png") });
            Assert.Equal(("invalid_image_url", "input[0].content[0].image_url"), (outside.Code, outside.Param));
            Assert.Contains("outside the folder", outside.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Chat_image_url_parts_are_read_as_images_and_refused_alike()
    {
        var request = JsonSerializer.Deserialize<CreateChatCompletionRequest>(
            $$$"""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"what?"},{"type":"image_url","image_url":{"url":"{{{TestImages.DataUrl(Red)}}}","detail":"high"}}]}]}""",
            Json)!;

        var turn = Assert.Single(ChatConversationBuilder.Build(request, Json).Prompt.Messages);
        Assert.Equal($"what?\n{ChatImage.Marker}", turn.Content);
        Assert.Equal(Red, Assert.Single(turn.Images).Bytes.ToArray());

        var remote = JsonSerializer.Deserialize<CreateChatCompletionRequest>(
            """{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}""", Json)!;
        var error = Assert.Throws<ApiException>(() => ChatConversationBuilder.Build(remote, Json));
        Assert.Equal(("invalid_image_url", "messages[0].content[0].image_url"), (error.Code, error.Param));
    }

    [Theory]
    [InlineData("png")]
    [InlineData("gif")]
    [InlineData("jpeg")]
    [InlineData("webp")]
    public void Headers_give_the_format_and_size(string format)
    {
        byte[] bytes = format switch
        {
            "png" => TestImages.Png(3, 2, (_, _) => (1, 2, 3)),
            "gif" => [.. "GIF89a"u8, 3, 0, 2, 0, 0, 0, 0],
            // SOI, an APP0 segment of 16 bytes, then SOF0 with height 2 and width 3.
            "jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, .. new byte[14], 0xFF, 0xC0, 0, 17, 8, 0, 2, 0, 3, 3],
            _ => [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBPVP8X"u8, 10, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0],
        };

        Assert.Equal(new ImageHeader($"image/{format}", 3, 2), ImageHeader.Read(bytes));
    }
}
