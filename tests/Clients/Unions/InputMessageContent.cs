using System.Text.Json.Serialization;

namespace Responses.Tests.Clients.Generated;

/// <summary>Message content: a string or a list of content parts (the spec's x-handwritten InputMessageContent; excluded from generation in nswag.json).</summary>
[JsonConverter(typeof(StringOrListConverter<InputMessageContent, InputContent>))]
public sealed class InputMessageContent : StringOrList<InputContent>
{
    public static implicit operator InputMessageContent(string text) => new() { Text = text };

    public static implicit operator InputMessageContent(List<InputContent> items) => new() { Items = items };
}
