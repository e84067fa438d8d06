using System.Text;
using System.Text.Json;
using Responses.Generated;
using Responses.Server.Api;
using Responses.Server.Runs;

namespace Responses.Tests.Unit.Server;

/// <summary>The hand-written per-token event is byte for byte what the serializer writes, whatever the text.</summary>
public sealed class StreamEventJsonTests
{
    private static readonly JsonSerializerOptions Json = ApiJson.CreateOptions();

    [Theory]
    [InlineData("plain")]
    [InlineData("")]
    [InlineData("quote \" backslash \\ newline \n tab \t")]
    [InlineData("<tool_call> & 'html' </think>")]
    [InlineData("émoji 😀 中文 \u0001 \u2028")]
    public void A_text_delta_is_written_exactly_as_the_serializer_writes_it(string text)
    {
        foreach (var logprobs in new List<ResponseLogProb>?[] { null, [] })
        {
            var delta = new ResponseTextDeltaEvent { ItemId = "msg_1", OutputIndex = 2, ContentIndex = 0, Delta = text, SequenceNumber = 7, Logprobs = logprobs! };

            Assert.Equal(Serialize(w => JsonSerializer.Serialize(w, (ResponseStreamEvent)delta, Json)), Serialize(w => StreamEventJson.Write(w, delta, Json)));
        }
    }

    private static string Serialize(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Encoder }))
            write(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
