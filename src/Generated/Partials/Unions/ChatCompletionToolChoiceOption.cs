using System.Text.Json;
using System.Text.Json.Serialization;

namespace Responses.Generated;

/// <summary>
/// A chat request's tool_choice (spec schema ChatCompletionToolChoiceOption): "none" | "auto" | "required"
/// (<see cref="Options"/>) or {type: function, function: {name}} (<see cref="Named"/>); exactly one is set.
/// Handwritten: NSwag cannot generate string | object unions.
/// </summary>
[JsonConverter(typeof(ChatCompletionToolChoiceOptionJsonConverter))]
public sealed class ChatCompletionToolChoiceOption
{
    public ChatCompletionToolChoiceOption(ToolChoiceOptions options) => Options = options;

    public ChatCompletionToolChoiceOption(ChatCompletionNamedToolChoice named) => Named = named ?? throw new ArgumentNullException(nameof(named));

    public ToolChoiceOptions? Options { get; }

    public ChatCompletionNamedToolChoice? Named { get; }

    public override string ToString() => Options?.ToString() ?? $"function {Named!.Function?.Name}";
}

public sealed class ChatCompletionToolChoiceOptionJsonConverter : JsonConverter<ChatCompletionToolChoiceOption>
{
    public override ChatCompletionToolChoiceOption? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var s = reader.GetString();
            return s switch
            {
                "none" => new(ToolChoiceOptions.None),
                "auto" => new(ToolChoiceOptions.Auto),
                "required" => new(ToolChoiceOptions.Required),
                _ => throw new JsonException($"Invalid tool_choice '{s}': expected 'none', 'auto', 'required' or an object."),
            };
        }

        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"Invalid tool_choice: expected a string or an object, got {reader.TokenType}.");

        using var doc = JsonDocument.ParseValue(ref reader);
        try
        {
            return new(doc.RootElement.Deserialize<ChatCompletionNamedToolChoice>(options)
                ?? throw new JsonException("Invalid tool_choice object."));
        }
        catch (JsonException exception)
        {
            // A nested Deserialize restarts the path: keep "tool_choice" in front of "function.name".
            throw NestedJsonErrors.Relative(exception);
        }
    }

    public override void Write(Utf8JsonWriter writer, ChatCompletionToolChoiceOption value, JsonSerializerOptions options)
    {
        if (value.Options is { } o)
            writer.WriteStringValue(o switch
            {
                ToolChoiceOptions.None => "none",
                ToolChoiceOptions.Required => "required",
                _ => "auto",
            });
        else
            JsonSerializer.Serialize(writer, value.Named, options);
    }
}
