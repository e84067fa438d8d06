using System.Text.Json;
using System.Text.Json.Serialization;

namespace Responses.Generated;

/// <summary>
/// Base of the handwritten "string | array" unions of the spec (x-handwritten anyOf schemas that NSwag cannot
/// express). Exactly one of <see cref="Text"/> and <see cref="Items"/> is set.
/// </summary>
public abstract class StringOrArray<TItem>
{
    protected StringOrArray(string text) => Text = text ?? throw new ArgumentNullException(nameof(text));

    protected StringOrArray(List<TItem> items) => Items = items ?? throw new ArgumentNullException(nameof(items));

    /// <summary>The string form, or null when the value is an array.</summary>
    public string? Text { get; }

    /// <summary>The array form, or null when the value is a string.</summary>
    public List<TItem>? Items { get; }

    /// <summary>True when the JSON value was a string.</summary>
    public bool IsText => Text is not null;

    public override string ToString() => Text ?? $"[{Items!.Count} items]";
}

/// <summary>Reads/writes a <see cref="StringOrArray{TItem}"/> union: a JSON string or a JSON array.</summary>
public abstract class StringOrArrayJsonConverter<TUnion, TItem> : JsonConverter<TUnion>
    where TUnion : StringOrArray<TItem>
{
    /// <summary>JSON field name used in error messages (e.g. "input").</summary>
    protected abstract string FieldName { get; }

    protected abstract TUnion FromText(string text);

    protected abstract TUnion FromItems(List<TItem> items);

    public override TUnion? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return FromText(reader.GetString()!);
            case JsonTokenType.StartArray:
                return FromItems(ReadItems(ref reader, options));
            default:
                throw new JsonException($"'{FieldName}' must be a string or an array, got {reader.TokenType}.");
        }
    }

    /// <summary>Element by element, so an error names its index ("input[2].content").</summary>
    private List<TItem> ReadItems(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var items = new List<TItem>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            try
            {
                items.Add(JsonSerializer.Deserialize<TItem>(ref reader, options)
                    ?? throw new JsonException($"'{FieldName}[{items.Count}]' must be an object, not null."));
            }
            catch (JsonException exception)
            {
                throw NestedJsonErrors.Nest(exception, FieldName, items.Count);
            }
        }

        return items;
    }

    public override void Write(Utf8JsonWriter writer, TUnion value, JsonSerializerOptions options)
    {
        if (value.Text is not null)
            writer.WriteStringValue(value.Text);
        else
            JsonSerializer.Serialize(writer, value.Items, options);
    }
}
