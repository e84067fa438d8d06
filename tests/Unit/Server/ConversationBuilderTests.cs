using System.Net;
using System.Text.Json;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Api;
using Responses.Server.Errors;
using Responses.Server.Runs.Conversation;

namespace Responses.Tests.Unit.Server;

public sealed class ConversationBuilderTests
{
    private static CreateResponse Request(params InputItem[] items) => new() { Model = "m", Input = items.ToList() };

    private static EasyInputMessage Message(EasyInputMessageRole role, InputMessageContent content) => new() { Role = role, Content = content };

    private static ChatMessage[] Build(CreateResponse request) => [.. ConversationBuilder.Build(request, Json).Prompt.Messages];

    private static readonly JsonSerializerOptions Json = ApiJson.CreateOptions();

    [Fact]
    public void String_input_is_one_user_message()
    {
        var messages = Build(new CreateResponse { Model = "m", Input = "Say hello." });

        Assert.Equal([new ChatMessage("user", "Say hello.")], messages);
    }

    [Fact]
    public void String_input_with_instructions_has_a_leading_system_message()
    {
        var messages = Build(new CreateResponse { Model = "m", Input = "Say hello.", Instructions = "Be brief." });

        Assert.Equal([new ChatMessage("system", "Be brief."), new ChatMessage("user", "Say hello.")], messages);
    }

    [Fact]
    public void Items_keep_their_roles_and_order()
    {
        var messages = Build(Request(
            Message(EasyInputMessageRole.User, "one"),
            Message(EasyInputMessageRole.Assistant, "two"),
            Message(EasyInputMessageRole.User, "three")));

        Assert.Equal(
            [new ChatMessage("user", "one"), new ChatMessage("assistant", "two"), new ChatMessage("user", "three")],
            messages);
    }

    [Fact]
    public void Instructions_system_and_developer_messages_merge_into_one_leading_system_message_in_order()
    {
        var request = Request(
            Message(EasyInputMessageRole.System, "from system"),
            Message(EasyInputMessageRole.User, "hi"),
            Message(EasyInputMessageRole.Developer, "from developer"),
            Message(EasyInputMessageRole.Assistant, "hello"),
            Message(EasyInputMessageRole.System, new List<InputContent> { new InputTextContent { Text = "late system" } }));
        request.Instructions = "instructions";

        var messages = Build(request);

        Assert.Equal(
            [
                new ChatMessage("system", "instructions\n\nfrom system\n\nfrom developer\n\nlate system"),
                new ChatMessage("user", "hi"),
                new ChatMessage("assistant", "hello"),
            ],
            messages);
        Assert.Single(messages, m => m.Role == "system");
    }

    [Fact]
    public void Empty_instructions_and_empty_system_text_add_no_system_message()
    {
        var request = Request(Message(EasyInputMessageRole.Developer, ""), Message(EasyInputMessageRole.User, "hi"));
        request.Instructions = "";

        Assert.Equal([new ChatMessage("user", "hi")], Build(request));
    }

    [Fact]
    public void Developer_message_alone_becomes_the_system_message()
    {
        var messages = Build(Request(Message(EasyInputMessageRole.Developer, "rules"), Message(EasyInputMessageRole.User, "hi")));

        Assert.Equal([new ChatMessage("system", "rules"), new ChatMessage("user", "hi")], messages);
    }

    [Fact]
    public void Assistant_history_from_easy_messages_and_output_messages()
    {
        var messages = Build(Request(
            Message(EasyInputMessageRole.User, "q1"),
            Message(EasyInputMessageRole.Assistant, new List<InputContent> { new OutputTextContent { Text = "a1" } }),
            Message(EasyInputMessageRole.User, "q2"),
            new OutputMessage
            {
                Id = "msg_1",
                Status = OutputItemStatus.Completed,
                Content = [new OutputTextContent { Text = "a2" }, new RefusalContent { Refusal = "no" }],
            },
            Message(EasyInputMessageRole.User, "q3")));

        Assert.Equal(
            [
                new ChatMessage("user", "q1"),
                new ChatMessage("assistant", "a1"),
                new ChatMessage("user", "q2"),
                new ChatMessage("assistant", "a2\nno"),
                new ChatMessage("user", "q3"),
            ],
            messages);
    }

    [Fact]
    public void Multi_part_content_is_joined_by_newlines()
    {
        var messages = Build(Request(Message(
            EasyInputMessageRole.User,
            new List<InputContent> { new InputTextContent { Text = "first" }, new InputTextContent { Text = "second" }, new InputTextContent { Text = "third" } })));

        Assert.Equal([new ChatMessage("user", "first\nsecond\nthird")], messages);
    }

    [Fact]
    public void Empty_content_array_is_an_empty_message()
    {
        var messages = Build(Request(Message(EasyInputMessageRole.User, new List<InputContent>())));

        Assert.Equal([new ChatMessage("user", "")], messages);
    }

    [Fact]
    public void An_image_url_the_server_would_have_to_fetch_is_400_naming_the_part()
    {
        var request = Request(Message(
            EasyInputMessageRole.User,
            new List<InputContent> { new InputTextContent { Text = "look" }, new InputImageContent { ImageUrl = "https://example.com/a.png" } }));

        var error = Assert.Throws<ApiException>(() => Build(request));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("invalid_image_url", error.Code);
        Assert.Equal("input[0].content[1].image_url", error.Param);
        Assert.Contains("does not fetch URLs", error.Message);
    }

    [Fact]
    public void A_refused_single_part_names_index_zero()
    {
        var request = Request(
            Message(EasyInputMessageRole.User, "hi"),
            Message(EasyInputMessageRole.System, new List<InputContent> { new InputFileContent { FileId = "file_1" } }));

        var error = Assert.Throws<ApiException>(() => Build(request));

        Assert.Equal("input[1].content[0].file_id", error.Param);
        Assert.Contains("no Files API", error.Message);
    }

    [Fact]
    public void Unsupported_part_of_an_output_message_names_it()
    {
        var request = Request(new OutputMessage
        {
            Id = "msg_1",
            Status = OutputItemStatus.Completed,
            Content = [new OutputTextContent { Text = "ok" }, new ReasoningTextContent { Text = "hmm" }],
        });

        var error = Assert.Throws<ApiException>(() => Build(request));

        Assert.Equal("input[0].content[1]", error.Param);
        Assert.Contains("'reasoning_text'", error.Message);
    }
}
