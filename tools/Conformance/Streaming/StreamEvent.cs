using System.Text.Json.Nodes;

namespace Responses.Conformance.Streaming;

/// <summary>One server-sent event: the SSE <c>event:</c> name (if any) and the JSON of its <c>data:</c>.</summary>
public sealed record StreamEvent(string? EventName, JsonNode? Data)
{
    public string? Type => Text(Data?["type"]);

    public int? SequenceNumber => Number(Data?["sequence_number"]);

    public int? OutputIndex => Number(Data?["output_index"]);

    public int? ContentIndex => Number(Data?["content_index"]);

    public string? ItemId => Text(Data?["item_id"]);

    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static int? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    public override string ToString() => $"#{SequenceNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} {Type ?? EventName ?? "(no type)"}";
}
