using System.Text.Encodings.Web;
using System.Text.Json;
using Responses.Generated;

namespace Responses.Server.Runs.Compaction;

/// <summary>
/// What a compaction item's <c>encrypted_content</c> holds on this server: the base64 of the UTF-8 JSON
/// <c>{"v":1,"summary":"..."}</c>. Opaque to clients, as OpenAI's is, but not encrypted: the item carries its summary
/// itself, so it works without the store (store: false, a new server, another replica), and the version lets a later
/// server tell its own older items from anything else.
/// </summary>
public static class CompactionContent
{
    public const int Version = 1;

    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The content of a compaction item, as a client sends it back or as this server's own output (a chain kept in
    /// memory holds the output item itself); null for any other item.
    /// </summary>
    public static string? Of(InputItem item) => item switch
    {
        CompactionSummaryItemParam input => input.EncryptedContent,
        CompactionBody output => output.EncryptedContent,
        _ => null,
    };

    public static string Encode(string summary)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Writer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            writer.WriteString("summary", summary);
            writer.WriteEndObject();
        }

        return Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The summary, or null when the content is not one this server wrote (OpenAI's own, or altered).</summary>
    public static string? Decode(string? content)
    {
        if (string.IsNullOrEmpty(content))
        {
            return null;
        }

        var bytes = new byte[content.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(content, bytes, out var length))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory(0, length));
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("v", out var version) && version.ValueKind == JsonValueKind.Number
                && version.TryGetInt32(out var v) && v == Version
                && root.TryGetProperty("summary", out var summary) && summary.ValueKind == JsonValueKind.String
                ? summary.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
