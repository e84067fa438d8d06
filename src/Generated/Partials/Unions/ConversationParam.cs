using System.Text.Json;
using System.Text.Json.Serialization;

namespace Responses.Generated;

/// <summary>
/// CreateResponse.conversation (spec schema ConversationParam): a conversation id, or {id}. Both read as
/// <see cref="Id"/>; it is written back as the bare id. Handwritten: NSwag cannot generate string | object unions.
/// </summary>
[JsonConverter(typeof(ConversationParamJsonConverter))]
public sealed class ConversationParam
{
    public ConversationParam(string id) => Id = id ?? throw new ArgumentNullException(nameof(id));

    public string Id { get; }

    public static implicit operator ConversationParam(string id) => new(id);

    public override string ToString() => Id;
}

public sealed class ConversationParamJsonConverter : JsonConverter<ConversationParam>
{
    public override ConversationParam Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new ConversationParam(reader.GetString()!);
            case JsonTokenType.StartObject:
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    if (document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                    {
                        return new ConversationParam(id.GetString()!);
                    }
                }

                throw new JsonException("Invalid 'conversation': an object needs its 'id', a string.");
            default:
                throw new JsonException("Invalid 'conversation': expected a conversation id (a string) or an object {\"id\": ...}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, ConversationParam value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Id);
}
