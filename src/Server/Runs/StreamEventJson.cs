using System.Text.Json;
using Responses.Generated;

namespace Responses.Server.Runs;

/// <summary>
/// Writes a Responses stream event's JSON. The per-token event (<c>response.output_text.delta</c> without
/// logprobs) is written by hand with pre-encoded names, in the serializer's order, with the same writer and so the
/// same escaping: the same bytes without the serializer's polymorphic dispatch, which allocated ~330 bytes a call
/// (its frame stack). Every other event goes through <see cref="JsonSerializer"/>.
/// </summary>
public static class StreamEventJson
{
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText TextDelta = JsonEncodedText.Encode("response.output_text.delta");
    private static readonly JsonEncodedText SequenceNumber = JsonEncodedText.Encode("sequence_number");
    private static readonly JsonEncodedText ItemId = JsonEncodedText.Encode("item_id");
    private static readonly JsonEncodedText OutputIndex = JsonEncodedText.Encode("output_index");
    private static readonly JsonEncodedText ContentIndex = JsonEncodedText.Encode("content_index");
    private static readonly JsonEncodedText Delta = JsonEncodedText.Encode("delta");
    private static readonly JsonEncodedText Logprobs = JsonEncodedText.Encode("logprobs");

    public static void Write(Utf8JsonWriter writer, ResponseStreamEvent streamEvent, JsonSerializerOptions json)
    {
        if (streamEvent is ResponseTextDeltaEvent { ItemId: not null, Delta: not null, Logprobs: null or { Count: 0 } } delta
            && delta.GetType() == typeof(ResponseTextDeltaEvent))
        {
            writer.WriteStartObject();
            writer.WriteString(Type, TextDelta);
            writer.WriteNumber(SequenceNumber, delta.SequenceNumber);
            writer.WriteString(ItemId, delta.ItemId);
            writer.WriteNumber(OutputIndex, delta.OutputIndex);
            writer.WriteNumber(ContentIndex, delta.ContentIndex);
            writer.WriteString(Delta, delta.Delta);
            writer.WritePropertyName(Logprobs);
            if (delta.Logprobs is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStartArray();
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            return;
        }

        JsonSerializer.Serialize(writer, streamEvent, json);
    }
}
