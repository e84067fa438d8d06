using System.Text.Json.Serialization;

namespace Responses.Generated;

/// <summary>
/// A chat message's content (spec schema ChatCompletionMessageContent): a string or a list of parts (text, image_url).
/// Handwritten: NSwag cannot generate string | array unions.
/// </summary>
[JsonConverter(typeof(ChatCompletionMessageContentJsonConverter))]
public sealed class ChatCompletionMessageContent : StringOrArray<ChatCompletionRequestMessageContentPart>
{
    public ChatCompletionMessageContent(string text) : base(text) { }

    public ChatCompletionMessageContent(List<ChatCompletionRequestMessageContentPart> parts) : base(parts) { }

    public static implicit operator ChatCompletionMessageContent(string text) => new(text);
}

public sealed class ChatCompletionMessageContentJsonConverter
    : StringOrArrayJsonConverter<ChatCompletionMessageContent, ChatCompletionRequestMessageContentPart>
{
    protected override string FieldName => "content";

    protected override ChatCompletionMessageContent FromText(string text) => new(text);

    protected override ChatCompletionMessageContent FromItems(List<ChatCompletionRequestMessageContentPart> items) => new(items);
}
