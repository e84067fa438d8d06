using System.Text.Json;
using System.Text.Json.Serialization;

namespace Responses.Tests.Clients.Generated;

/// <summary>A JSON string or array into a <see cref="StringOrList{TItem}"/> and back; anything else is refused.</summary>
public sealed class StringOrListConverter<TUnion, TItem> : JsonConverter<TUnion>
    where TUnion : StringOrList<TItem>, new()
{
    public override TUnion? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => new TUnion { Text = reader.GetString() },
        JsonTokenType.StartArray => new TUnion { Items = JsonSerializer.Deserialize<List<TItem>>(ref reader, options) },
        _ => throw new JsonException($"{typeof(TUnion).Name} is a string or an array, not {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, TUnion value, JsonSerializerOptions options)
    {
        if (value.Items is { } items)
        {
            JsonSerializer.Serialize(writer, items, options);
        }
        else
        {
            writer.WriteStringValue(value.Text);
        }
    }
}
