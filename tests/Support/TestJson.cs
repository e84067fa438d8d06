using System.Buffers;
using System.Text;
using System.Text.Json;
using Responses.Generated;
using Responses.Server.Api;
using Responses.Server.Runs;

namespace Responses.Tests.Support;

/// <summary>The server's own JSON options and event writer, so a test reads and writes exactly what a client sees.</summary>
public static class TestJson
{
    /// <summary>What the server writes bodies and events with.</summary>
    public static JsonSerializerOptions Options { get; } = ApiJson.CreateOptions();

    /// <summary>What the server reads request bodies with (stricter: no null where the spec has none).</summary>
    public static JsonSerializerOptions Read { get; } = ApiJson.CreateReadOptions();

    /// <summary>A stream event as its SSE data line carries it.</summary>
    public static string Event(ResponseStreamEvent streamEvent)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Options.Encoder }))
        {
            StreamEventJson.Write(writer, streamEvent, Options);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
