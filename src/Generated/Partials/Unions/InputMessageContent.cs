using System.Text.Json.Serialization;

namespace Responses.Generated;

/// <summary>
/// EasyInputMessage.content (spec schema InputMessageContent): a string or a list of content parts
/// (<see cref="InputTextContent"/>, <see cref="InputImageContent"/>, <see cref="InputFileContent"/>, and for
/// assistant history <see cref="OutputTextContent"/> / <see cref="RefusalContent"/>). Handwritten.
/// </summary>
[JsonConverter(typeof(InputMessageContentJsonConverter))]
public sealed class InputMessageContent : StringOrArray<InputContent>
{
    public InputMessageContent(string text) : base(text) { }

    public InputMessageContent(List<InputContent> parts) : base(parts) { }

    public static implicit operator InputMessageContent(string text) => new(text);

    public static implicit operator InputMessageContent(List<InputContent> parts) => new(parts);
}

public sealed class InputMessageContentJsonConverter : StringOrArrayJsonConverter<InputMessageContent, InputContent>
{
    protected override string FieldName => "content";

    protected override InputMessageContent FromText(string text) => new(text);

    protected override InputMessageContent FromItems(List<InputContent> items) => new(items);
}

/// <summary>
/// FunctionCallOutputItemParam.output (spec schema FunctionCallOutput): a string or a list of content parts.
/// Handwritten.
/// </summary>
[JsonConverter(typeof(FunctionCallOutputJsonConverter))]
public sealed class FunctionCallOutput : StringOrArray<InputContent>
{
    public FunctionCallOutput(string text) : base(text) { }

    public FunctionCallOutput(List<InputContent> parts) : base(parts) { }

    public static implicit operator FunctionCallOutput(string text) => new(text);

    public static implicit operator FunctionCallOutput(List<InputContent> parts) => new(parts);
}

public sealed class FunctionCallOutputJsonConverter : StringOrArrayJsonConverter<FunctionCallOutput, InputContent>
{
    protected override string FieldName => "output";

    protected override FunctionCallOutput FromText(string text) => new(text);

    protected override FunctionCallOutput FromItems(List<InputContent> items) => new(items);
}
