using System.Text.Json.Nodes;

namespace Responses.Conformance.Checks;

/// <summary>A reply as the kit saw it: status, media type, body text and the body's JSON when it parsed.</summary>
public sealed record ApiReply(int Status, string? MediaType, string Body, JsonNode? Json)
{
    public bool IsJson => Json is not null;

    public override string ToString() => $"{Status} {Shorten(Body)}";

    public static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
