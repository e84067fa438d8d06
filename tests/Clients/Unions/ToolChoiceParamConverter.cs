using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Responses.Tests.Clients.Generated;

/// <summary>A tool_choice string (a <see cref="ToolChoiceOptions"/>) or object into a <see cref="ToolChoiceParam"/> and back.</summary>
public sealed class ToolChoiceParamConverter : JsonConverter<ToolChoiceParam>
{
    private static readonly JsonStringEnumConverter<ToolChoiceOptions> Modes = new();

    public override ToolChoiceParam? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => new ToolChoiceParam { Mode = ModeConverter(options).Read(ref reader, typeof(ToolChoiceOptions), options) },
        JsonTokenType.StartObject => new ToolChoiceParam { Object = JsonNode.Parse(ref reader)!.AsObject() },
        _ => throw new JsonException($"tool_choice is a string or an object, not {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, ToolChoiceParam value, JsonSerializerOptions options)
    {
        if (value.Object is { } choice)
        {
            choice.WriteTo(writer, options);
        }
        else
        {
            ModeConverter(options).Write(writer, value.Mode ?? ToolChoiceOptions.Auto, options);
        }
    }

    private static JsonConverter<ToolChoiceOptions> ModeConverter(JsonSerializerOptions options) =>
        (JsonConverter<ToolChoiceOptions>)Modes.CreateConverter(typeof(ToolChoiceOptions), options)!;
}
