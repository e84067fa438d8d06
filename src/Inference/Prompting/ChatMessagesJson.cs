using System.Text.Json;

namespace Responses.Inference.Prompting;

/// <summary>
/// The messages and tools as the JSON ApplyChatTemplate expects, in the Hugging Face chat format that model
/// templates are written against: tool calls as {"id","type":"function","function":{"name","arguments"}} with the
/// arguments as an object (templates apply tojson to them), tool results with tool_call_id, thinking as
/// reasoning_content.
/// </summary>
internal static class ChatMessagesJson
{
    public static string Write(IReadOnlyList<ChatMessage> messages) => WriteJson(writer =>
    {
        writer.WriteStartArray();
        foreach (var message in messages)
            WriteMessage(writer, message);
        writer.WriteEndArray();
    });

    /// <summary>The tools list, or null when there are none (templates test "if tools").</summary>
    public static string? WriteTools(IReadOnlyList<ChatTool> tools) => tools.Count == 0 ? null : WriteJson(writer =>
    {
        writer.WriteStartArray();
        foreach (var tool in tools)
            WriteTool(writer, tool);
        writer.WriteEndArray();
    });

    /// <summary>One tool, {"type":"function","function":{...}}, for prompts that list tools as text.</summary>
    public static string WriteTool(ChatTool tool) => WriteJson(writer => WriteTool(writer, tool));

    /// <summary>One tool call as Hermes markup carries it: {"name": ..., "arguments": {...}}.</summary>
    public static string WriteCall(ChatToolCall call) => WriteJson(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("name", call.Name);
        writer.WritePropertyName("arguments");
        WriteArguments(writer, call.Arguments);
        writer.WriteEndObject();
    });

    private static void WriteTool(Utf8JsonWriter writer, ChatTool tool)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", tool.Name);
        if (tool.Description is not null)
            writer.WriteString("description", tool.Description);
        writer.WritePropertyName("parameters");
        if (tool.ParametersJson is null)
            writer.WriteRawValue("""{"type":"object","properties":{}}""");
        else
            writer.WriteRawValue(tool.ParametersJson);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role", message.Role);
        writer.WriteString("content", message.Content);
        if (message.Reasoning is not null)
            writer.WriteString("reasoning_content", message.Reasoning);
        if (message.ToolCalls.Count > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var call in message.ToolCalls)
            {
                writer.WriteStartObject();
                writer.WriteString("id", call.Id);
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", call.Name);
                writer.WritePropertyName("arguments");
                WriteArguments(writer, call.Arguments);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        if (message.ToolCallId is not null)
            writer.WriteString("tool_call_id", message.ToolCallId);
        if (message.Name is not null)
            writer.WriteString("name", message.Name);
        writer.WriteEndObject();
    }

    /// <summary>An object when the arguments are a JSON object (what templates expect), else the text as sent.</summary>
    private static void WriteArguments(Utf8JsonWriter writer, string arguments)
    {
        try
        {
            using var document = JsonDocument.Parse(arguments);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                document.RootElement.WriteTo(writer);
                return;
            }
        }
        catch (JsonException)
        {
        }
        writer.WriteStringValue(arguments);
    }

    private static string WriteJson(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping: the text reaches a model, which should read "é" and "<", not \u00e9 and \u003c.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(writer);
        return NulEscapes.Replace(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
