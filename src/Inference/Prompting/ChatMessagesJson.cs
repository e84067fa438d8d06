using System.Text.Json;

namespace Responses.Inference.Prompting;

/// <summary>The messages as the JSON array ApplyChatTemplate expects: [{"role":..,"content":..}].</summary>
internal static class ChatMessagesJson
{
    public static string Write(IReadOnlyList<ChatMessage> messages)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var message in messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role", message.Role);
                writer.WriteString("content", message.Content);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
