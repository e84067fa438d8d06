using System.Text.Json.Nodes;

namespace Responses.Conformance.Spec;

/// <summary>
/// The spec's component schemas as one JSON Schema 2020-12 document, and the stream events' discriminator (which
/// schema each event <c>type</c> must match).
/// </summary>
public sealed class SpecSchemas
{
    public const string StreamEventSchema = "ResponseStreamEvent";

    private SpecSchemas(JsonObject document, Discriminator events)
    {
        Document = document;
        Events = events;
    }

    /// <summary>The converted document: <c>$defs</c> holds every component schema by its name.</summary>
    public JsonObject Document { get; }

    /// <summary>ResponseStreamEvent's discriminator: event type -> schema name.</summary>
    public Discriminator Events { get; }

    public static Uri DocumentUri { get; } = new("https://conformance.responses.invalid/openapi.json");

    public static async Task<SpecSchemas> LoadAsync(string path, CancellationToken cancellationToken) =>
        FromYaml(await File.ReadAllTextAsync(path, cancellationToken));

    public static SpecSchemas FromYaml(string yaml)
    {
        var spec = YamlJson.Parse(yaml) as JsonObject ?? throw new FormatException("The spec is not a YAML mapping.");
        var schemas = spec["components"]?["schemas"] as JsonObject
            ?? throw new FormatException("The spec has no components/schemas.");
        // A spec without streaming has no events to map: every event is then refused as unknown.
        var events = OpenApiSchemaConverter.FindDiscriminator(schemas[StreamEventSchema])
            ?? new Discriminator("type", new Dictionary<string, string>());

        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = DocumentUri.ToString(),
            ["$defs"] = new OpenApiSchemaConverter(schemas).ConvertAll(),
        };
        return new SpecSchemas(document, events);
    }
}
