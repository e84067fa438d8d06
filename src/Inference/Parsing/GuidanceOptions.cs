using System.Text.Json;

namespace Responses.Inference.Parsing;

/// <summary>
/// The llguidance options every schema we constrain decoding with carries, as its top-level "x-guidance" key (the
/// only place llguidance reads it). Compact whitespace: with flexible whitespace a weak (or random-weight) model can
/// write spaces and newlines forever and never close the value. Lenient: keywords and formats llguidance does not
/// implement are ignored instead of failing the request, as OpenAI clients send schemas written for validators.
/// </summary>
internal static class GuidanceOptions
{
    public const string Key = "x-guidance";

    public static void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject(Key);
        writer.WriteBoolean("whitespace_flexible", false);
        writer.WriteBoolean("lenient", true);
        writer.WriteEndObject();
    }
}
