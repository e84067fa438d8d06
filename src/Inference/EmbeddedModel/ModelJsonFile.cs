using System.Text.Encodings.Web;
using System.Text.Json;

namespace Responses.Inference.EmbeddedModel;

/// <summary>Writes indented JSON deterministically; readable escaping keeps the files diffable by eye.</summary>
internal static class ModelJsonFile
{
    public static void Write(string path, Action<Utf8JsonWriter> write)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        write(writer);
    }
}
