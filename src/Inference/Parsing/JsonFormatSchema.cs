using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Responses.Inference.Parsing;

/// <summary>
/// The guidance schemas for text.format: any JSON object (json_object), or the client's schema (json_schema), each
/// with <see cref="GuidanceOptions"/> added at the top level. The output they constrain is plain text.
/// </summary>
internal static class JsonFormatSchema
{
    public static string ForObject() => Write(writer => writer.WriteString("type", "object"));

    /// <summary>
    /// The client's schema with the guidance options merged in; its own keywords are copied unchanged. Options the
    /// client set in its own "x-guidance" win over ours.
    /// </summary>
    /// <exception cref="ArgumentException">The schema is not JSON, or not an object or boolean schema.</exception>
    public static string For(string schemaJson)
    {
        using var document = ParseSchema(schemaJson);
        var root = document.RootElement;
        if (root.ValueKind is JsonValueKind.True)
            return Write(_ => { });
        if (root.ValueKind is JsonValueKind.False)
            return Write(writer => writer.WriteBoolean("not", true) /* unsatisfiable, as the client asked */);
        if (root.ValueKind != JsonValueKind.Object)
            throw new ArgumentException("A JSON schema must be an object or a boolean.", nameof(schemaJson));

        return Write(writer =>
        {
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals(GuidanceOptions.Key))
                    continue;
                property.WriteTo(writer);
            }
        }, root.TryGetProperty(GuidanceOptions.Key, out var own) && own.ValueKind == JsonValueKind.Object ? own : null);
    }

    internal static JsonDocument ParseSchema(string schemaJson)
    {
        try
        {
            return JsonDocument.Parse(schemaJson);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The JSON schema is not valid JSON: {ex.Message}", nameof(schemaJson), ex);
        }
    }

    private static string Write(Action<Utf8JsonWriter> body, JsonElement? ownOptions = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (ownOptions is { } own)
                WriteMergedOptions(writer, own);
            else
                GuidanceOptions.Write(writer);
            body(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteMergedOptions(Utf8JsonWriter writer, JsonElement own)
    {
        writer.WriteStartObject(GuidanceOptions.Key);
        if (!own.TryGetProperty("whitespace_flexible", out _) && !own.TryGetProperty("whitespace_pattern", out _))
            writer.WriteBoolean("whitespace_flexible", false);
        if (!own.TryGetProperty("lenient", out _))
            writer.WriteBoolean("lenient", true);
        foreach (var property in own.EnumerateObject())
            property.WriteTo(writer);
        writer.WriteEndObject();
    }
}
