using System.Text.Json.Serialization;

namespace Responses.Generated;

/// <summary>
/// CreateResponse.input (spec schema InputParam): a text input (string) or a list of input items.
/// Handwritten: NSwag cannot generate string | array unions.
/// </summary>
[JsonConverter(typeof(InputParamJsonConverter))]
public sealed class InputParam : StringOrArray<InputItem>
{
    public InputParam(string text) : base(text) { }

    public InputParam(List<InputItem> items) : base(items) { }

    public static implicit operator InputParam(string text) => new(text);

    public static implicit operator InputParam(List<InputItem> items) => new(items);
}

public sealed class InputParamJsonConverter : StringOrArrayJsonConverter<InputParam, InputItem>
{
    protected override string FieldName => "input";

    protected override InputParam FromText(string text) => new(text);

    protected override InputParam FromItems(List<InputItem> items) => new(items);
}
