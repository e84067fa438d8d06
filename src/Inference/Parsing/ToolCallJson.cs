using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Responses.Inference.Parsing;

/// <summary>
/// Reads the JSON a model wrote for a call ({"name": .., "arguments"|"parameters": {..}}) into a name and compact
/// arguments text. Arguments are re-serialized without whitespace, in the model's property order and with its exact
/// values; non-ASCII, emoji included, stays as written (the text is JSON for a client, not HTML).
/// </summary>
internal static class ToolCallJson
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = ReadableJsonEncoder.Instance };

    /// <summary>Parses call JSON: one call object, or an array of them (all must be valid, so no half list is kept).</summary>
    public static bool TryReadCalls(ReadOnlySpan<char> json, List<(string Name, string Arguments)> calls)
    {
        calls.Clear();
        if (!TryParse(json, out var document))
            return false;
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in root.EnumerateArray())
                {
                    if (!TryRead(item, out var name, out var arguments))
                        return false;
                    calls.Add((name, arguments));
                }
                return calls.Count > 0;
            }
            if (!TryRead(root, out var single, out var singleArguments))
                return false;
            calls.Add((single, singleArguments));
            return true;
        }
    }

    /// <summary>
    /// One call object. The arguments key is required (a JSON answer that merely has a "name" is not a call); a
    /// JSON-encoded string holding an object is unwrapped, as some models double-encode.
    /// </summary>
    public static bool TryRead(JsonElement call, out string name, out string arguments)
    {
        name = "";
        arguments = "";
        if (call.ValueKind != JsonValueKind.Object
            || !call.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
            return false;
        name = nameElement.GetString()!;
        if (name.Trim().Length == 0)
            return false;
        if (!call.TryGetProperty("arguments", out var argumentsElement) && !call.TryGetProperty("parameters", out argumentsElement))
            return false;
        return TryReadArguments(argumentsElement, out arguments);
    }

    /// <summary>Arguments given as JSON text (Mistral v11 writes them after [ARGS]).</summary>
    public static bool TryReadArguments(ReadOnlySpan<char> json, out string arguments)
    {
        arguments = "";
        if (!TryParse(json, out var document))
            return false;
        using (document)
            return TryReadArguments(document.RootElement, out arguments);
    }

    private static bool TryReadArguments(JsonElement element, out string arguments)
    {
        arguments = "";
        if (element.ValueKind == JsonValueKind.Object)
        {
            arguments = ToCompactText(element);
            return true;
        }
        if (element.ValueKind != JsonValueKind.String || !TryParse(element.GetString().AsSpan(), out var inner))
            return false;
        using (inner)
        {
            if (inner.RootElement.ValueKind != JsonValueKind.Object)
                return false;
            arguments = ToCompactText(inner.RootElement);
            return true;
        }
    }

    public static string ToCompactText(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
            element.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool TryParse(ReadOnlySpan<char> json, out JsonDocument document)
    {
        document = null!;
        var trimmed = json.Trim();
        var bytes = new byte[Encoding.UTF8.GetByteCount(trimmed)];
        Encoding.UTF8.GetBytes(trimmed, bytes);
        try
        {
            document = JsonDocument.Parse(bytes);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
