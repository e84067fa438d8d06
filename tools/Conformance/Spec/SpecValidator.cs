using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Responses.Conformance.Spec;

/// <summary>
/// Validates JSON against the spec's schemas with JsonSchema.Net: a response body against a named component, a
/// stream event against the schema its <c>type</c> maps to.
/// </summary>
public sealed class SpecValidator
{
    private const int MaxErrors = 6;

    private readonly SpecSchemas spec;
    private readonly JsonSchema document;
    private readonly ConcurrentDictionary<string, JsonSchema> references = new(StringComparer.Ordinal);

    public SpecValidator(SpecSchemas spec)
    {
        this.spec = spec;
        document = JsonSchema.FromText(spec.Document.ToJsonString());
    }

    public bool HasSchema(string name) => spec.Document["$defs"]?[name] is not null;

    public SchemaVerdict Validate(string schemaName, JsonNode? instance)
    {
        if (!HasSchema(schemaName))
        {
            throw new ArgumentException($"The spec has no schema named {schemaName}.", nameof(schemaName));
        }

        var reference = references.GetOrAdd(schemaName, name => new JsonSchemaBuilder().Ref(new Uri(SpecSchemas.DocumentUri, "#/$defs/" + name)).Build());

        // A registry per evaluation: nothing global is touched, and validators never share state.
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List };
        options.SchemaRegistry.Register(document);
        var result = reference.Evaluate(instance, options);
        return new SchemaVerdict(schemaName, result.IsValid ? [] : Errors(result));
    }

    /// <summary>A stream event against the schema ResponseStreamEvent's discriminator maps its type to.</summary>
    public SchemaVerdict ValidateEvent(JsonNode? streamEvent)
    {
        var property = spec.Events.Property;
        var type = streamEvent is JsonObject obj && obj[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (type is null)
        {
            return new SchemaVerdict(SpecSchemas.StreamEventSchema, [$"/{property}: missing; every event needs one"]);
        }

        return spec.Events.Mapping.TryGetValue(type, out var schemaName)
            ? Validate(schemaName, streamEvent)
            : new SchemaVerdict(SpecSchemas.StreamEventSchema, [$"/{property}: '{type}' is not an event type of the spec"]);
    }

    // The list output holds every node; a failed `if` is not an error (it only picks the branch), so its nodes are skipped.
    private static List<string> Errors(EvaluationResults result) =>
        result.Details
            .Where(detail => detail.HasErrors && !detail.EvaluationPath.ToString().Contains("/if", StringComparison.Ordinal))
            .SelectMany(detail => detail.Errors!.Select(error => $"{Location(detail)}: {error.Value}"))
            .Distinct()
            .Take(MaxErrors)
            .DefaultIfEmpty("invalid (the validator gave no detail)")
            .ToList();

    private static string Location(EvaluationResults detail)
    {
        var pointer = detail.InstanceLocation.ToString();
        return pointer.Length == 0 ? "/" : pointer;
    }
}
