using System.Text.Json.Serialization;

namespace Responses.Tests.Clients.Generated;

/// <summary>A function call's output: a string or a list of content parts (the spec's x-handwritten FunctionCallOutput; excluded from generation in nswag.json).</summary>
[JsonConverter(typeof(StringOrListConverter<FunctionCallOutput, InputContent>))]
public sealed class FunctionCallOutput : StringOrList<InputContent>
{
    public static implicit operator FunctionCallOutput(string text) => new() { Text = text };

    public static implicit operator FunctionCallOutput(List<InputContent> items) => new() { Items = items };
}
