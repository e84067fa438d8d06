using System.Text.Json.Serialization;

namespace Responses.Tests.Clients.Generated;

/// <summary>Text input (a string) or a list of input items (the spec's x-handwritten InputParam; excluded from generation in nswag.json).</summary>
[JsonConverter(typeof(StringOrListConverter<InputParam, InputItem>))]
public sealed class InputParam : StringOrList<InputItem>
{
    public static implicit operator InputParam(string text) => new() { Text = text };

    public static implicit operator InputParam(List<InputItem> items) => new() { Items = items };
}
