using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Responses.Inference.Parsing;

/// <summary>
/// The JSON Schema that forces a call (tool_choice required or a named function) by constrained decoding: the
/// output is {"name": .., "arguments": {..}} for one call, or a non-empty array of them, with no markup, so
/// <see cref="ForcedToolCallParser"/> reads it whatever the model family. Each tool's parameters schema is embedded
/// as its "arguments"; since it moves from a document root to a subschema, its local "$ref"s are re-rooted and its
/// "$schema"/"$id" (which would change how they resolve) are dropped.
/// </summary>
internal static class ForcedToolCallSchema
{
    private const string ArgumentsPath = "/properties/arguments";

    /// <param name="allowed">The names a call may use (null: every tool), in any order; the schema keeps the tools' order.</param>
    /// <param name="maxCalls">1: a single call object; more or null: an array of calls, at most this many.</param>
    /// <exception cref="ArgumentException">No tool is allowed, or a parameters schema is not JSON.</exception>
    public static string Build(IReadOnlyList<ChatTool> tools, IReadOnlyList<string>? allowed, int? maxCalls)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var chosen = tools.Where(tool => allowed is null || allowed.Contains(tool.Name, StringComparer.Ordinal)).ToList();
        if (chosen.Count == 0)
            throw new ArgumentException("A forced call needs at least one allowed tool.", nameof(allowed));

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            GuidanceOptions.Write(writer);
            if (maxCalls == 1)
            {
                WriteCallBody(writer, chosen, "");
            }
            else
            {
                writer.WriteString("type", "array");
                writer.WriteStartObject("items");
                WriteCallBody(writer, chosen, "/items");
                writer.WriteEndObject();
                writer.WriteNumber("minItems", 1);
                if (maxCalls is int max)
                    writer.WriteNumber("maxItems", max);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The keywords of one call object (inside an already open object), as an anyOf when several tools fit.</summary>
    private static void WriteCallBody(Utf8JsonWriter writer, List<ChatTool> tools, string path)
    {
        if (tools.Count == 1)
        {
            WriteCallKeywords(writer, tools[0], path);
            return;
        }
        writer.WriteStartArray("anyOf");
        for (var i = 0; i < tools.Count; i++)
        {
            writer.WriteStartObject();
            WriteCallKeywords(writer, tools[i], string.Create(CultureInfo.InvariantCulture, $"{path}/anyOf/{i}"));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteCallKeywords(Utf8JsonWriter writer, ChatTool tool, string path)
    {
        writer.WriteString("type", "object");
        writer.WriteStartObject("properties");
        writer.WriteStartObject("name");
        writer.WriteString("const", tool.Name);
        writer.WriteEndObject();
        writer.WritePropertyName("arguments");
        ParametersSchema.Write(writer, tool, "#" + path + ArgumentsPath);
        writer.WriteEndObject();
        writer.WriteStartArray("required");
        writer.WriteStringValue("name");
        writer.WriteStringValue("arguments");
        writer.WriteEndArray();
        writer.WriteBoolean("additionalProperties", false);
    }
}
