using System.Text.Json;
using System.Text.Json.Serialization;

namespace Responses.Generated;

/// <summary>
/// Reads and writes a union discriminated by "type" where System.Text.Json's built-in polymorphism is not
/// enough (a missing "type" that has a meaning, unknown types that must be kept). Members are deserialized
/// as their own (non-polymorphic) type and "type" is written first.
/// </summary>
public abstract class DiscriminatedJsonConverter<TBase> : JsonConverter<TBase>
    where TBase : class
{
    /// <summary>The member type for a discriminator value (null when "type" is absent). Return null for unknown.</summary>
    protected abstract Type? ResolveType(string? discriminator);

    /// <summary>The "type" value to write for a member.</summary>
    protected abstract string GetDiscriminator(TBase value);

    /// <summary>Called for a discriminator <see cref="ResolveType"/> does not know; throw or build a fallback.</summary>
    protected abstract TBase ReadUnknown(string? discriminator, JsonElement element, JsonSerializerOptions options);

    /// <summary>Extension data of a member (to drop the "type" key it may have captured).</summary>
    protected abstract IDictionary<string, object>? GetExtensionData(TBase value);

    /// <summary>Called after a known member was read: a member that stands for several types keeps which one here.</summary>
    protected virtual void OnRead(TBase value, string? discriminator)
    {
    }

    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(TBase);

    public override TBase? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"Expected a JSON object, got {reader.TokenType}.");

        using var doc = JsonDocument.ParseValue(ref reader);
        var element = doc.RootElement;
        string? discriminator = null;
        if (element.TryGetProperty("type", out var t))
        {
            if (t.ValueKind != JsonValueKind.String)
                throw new JsonException($"'type' of {typeof(TBase).Name} must be a string.");
            discriminator = t.GetString();
        }

        var memberType = ResolveType(discriminator);
        if (memberType is null)
            return ReadUnknown(discriminator, element, options);

        TBase? value;
        try
        {
            value = (TBase?)element.Deserialize(memberType, options);
        }
        catch (JsonException exception)
        {
            throw NestedJsonErrors.Relative(exception);
        }

        if (value is null)
            throw new JsonException($"Could not read {memberType.Name}.");
        GetExtensionData(value)?.Remove("type");
        OnRead(value, discriminator);
        return value;
    }

    public override void Write(Utf8JsonWriter writer, TBase value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("type", GetDiscriminator(value));
        using var doc = JsonSerializer.SerializeToDocument(value, value.GetType(), options);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            if (property.NameEquals("type"))
                continue;
            property.WriteTo(writer);
        }
        writer.WriteEndObject();
    }
}
