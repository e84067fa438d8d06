using System.Text.Json;

namespace Responses.Inference.Parsing;

/// <summary>
/// A tool's parameters schema, rewritten to sit inside the forced-call schema: still any keyword the client wrote,
/// but its arguments must be an object (a schema without "type" gets "object"), strict tools allow no extra
/// properties at the top (OpenAI's strict mode), local "$ref"s point at the schema's new place, and "$schema"/"$id"
/// of the old root are dropped.
/// </summary>
internal static class ParametersSchema
{
    public static void Write(Utf8JsonWriter writer, ChatTool tool, string newRoot)
    {
        if (tool.ParametersJson is null)
        {
            WriteEmpty(writer);
            return;
        }
        using var document = JsonFormatSchema.ParseSchema(tool.ParametersJson);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            // true, false or junk: only an object can be arguments, and with no schema any object will do.
            WriteEmpty(writer, additional: root.ValueKind != JsonValueKind.False);
            return;
        }

        writer.WriteStartObject();
        if (!root.TryGetProperty("type", out _))
            writer.WriteString("type", "object");
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals("$schema") || property.NameEquals("$id"))
                continue;
            writer.WritePropertyName(property.Name);
            WriteRerooted(writer, property.Value, newRoot);
        }
        if (tool.Strict && !root.TryGetProperty("additionalProperties", out _))
            writer.WriteBoolean("additionalProperties", false);
        writer.WriteEndObject();
    }

    private static void WriteEmpty(Utf8JsonWriter writer, bool additional = false)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "object");
        writer.WriteStartObject("properties");
        writer.WriteEndObject();
        writer.WriteBoolean("additionalProperties", additional);
        writer.WriteEndObject();
    }

    /// <summary>Copies a value, turning every "$ref": "#/x" into "#{newRoot}/x".</summary>
    private static void WriteRerooted(Utf8JsonWriter writer, JsonElement value, string newRoot)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (property.NameEquals("$ref") && property.Value.ValueKind == JsonValueKind.String
                        && property.Value.GetString() is { } reference && (reference == "#" || reference.StartsWith("#/", StringComparison.Ordinal)))
                        writer.WriteStringValue(newRoot + reference[1..]);
                    else
                        WriteRerooted(writer, property.Value, newRoot);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                    WriteRerooted(writer, item, newRoot);
                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
