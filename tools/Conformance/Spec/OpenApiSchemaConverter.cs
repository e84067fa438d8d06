using System.Text.Json.Nodes;

namespace Responses.Conformance.Spec;

/// <summary>
/// An OpenAPI 3.0 document's components/schemas as one JSON Schema 2020-12 document ($defs by the same names), so a
/// real validator can check instances against the spec. What 3.0 means differently from 2020-12:
/// <list type="bullet">
/// <item><c>nullable: true</c> becomes <c>type: [X, "null"]</c> (and null joins an enum), or <c>anyOf [.., null]</c>
/// around a $ref or a composition.</item>
/// <item>Inheritance (<c>allOf: [$ref Base, {...}]</c>, NSwag's convention) is flattened into one object schema:
/// under plain allOf a base's <c>additionalProperties: false</c> would refuse every property the member adds, and the
/// member's would refuse the base's. A member that a discriminator maps to gets its discriminator value as an enum.</item>
/// <item>A schema with a <c>discriminator</c> dispatches on it: the property must hold a mapped value, and the instance
/// must then match the mapped schema (if/then per value, so a failure reports that member's errors only). A union
/// without one (<c>anyOf</c>/<c>oneOf</c> of references) whose members each fix <c>type</c> to values of their own
/// (an enum, or the value a discriminator maps to them) dispatches on <c>type</c> the same way; members that share a
/// value (a message: an input or an output message, told apart by role) are tried as the union tries them.</item>
/// <item>Boolean <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c> become numbers; <c>x-*</c>, <c>example</c> and
/// <c>discriminator</c> are dropped.</item>
/// </list>
/// </summary>
public sealed class OpenApiSchemaConverter
{
    private const string ComponentPrefix = "#/components/schemas/";

    private readonly JsonObject schemas;
    private readonly Dictionary<string, List<(string Property, string Value)>> mappedBy = new(StringComparer.Ordinal);

    public OpenApiSchemaConverter(JsonObject schemas)
    {
        this.schemas = schemas;
        foreach (var (_, schema) in schemas)
        {
            if (FindDiscriminator(schema) is { } discriminator)
            {
                foreach (var (value, target) in discriminator.Mapping)
                {
                    if (!mappedBy.TryGetValue(target, out var list))
                    {
                        mappedBy[target] = list = [];
                    }

                    list.Add((discriminator.Property, value));
                }
            }
        }
    }

    /// <summary>The discriminator of a schema (its own, or one declared in a part of its allOf), or null.</summary>
    public static Discriminator? FindDiscriminator(JsonNode? schema)
    {
        if (schema is not JsonObject obj)
        {
            return null;
        }

        var node = obj["discriminator"] as JsonObject
            ?? (obj["allOf"] as JsonArray)?.OfType<JsonObject>().Select(part => part["discriminator"] as JsonObject).FirstOrDefault(d => d is not null);
        if (node is null)
        {
            return null;
        }

        var mapping = (node["mapping"] as JsonObject ?? [])
            .ToDictionary(pair => pair.Key, pair => RefName((string)pair.Value!), StringComparer.Ordinal);
        return new Discriminator((string)node["propertyName"]!, mapping);
    }

    /// <summary>Every component schema converted, keyed by its name.</summary>
    public JsonObject ConvertAll()
    {
        var defs = new JsonObject();
        foreach (var (name, schema) in schemas)
        {
            defs[name] = ConvertNamed(name, schema!);
        }

        return defs;
    }

    private JsonNode ConvertNamed(string name, JsonNode schema)
    {
        if (FindDiscriminator(schema) is { } discriminator)
        {
            return WithNullable(schema, Dispatch(discriminator));
        }

        if (IsDerived(schema))
        {
            return WithNullable(schema, FlattenedObject(name));
        }

        if (TypedUnion(schema) is { } union)
        {
            return WithNullable(schema, union);
        }

        return Convert(schema);
    }

    private static JsonObject Dispatch(Discriminator discriminator) =>
        Dispatch(discriminator.Property, discriminator.Mapping.Select(pair => (pair.Key, (JsonNode)Ref(pair.Value))));

    // One if/then per value, so that a failure reports the errors of the member(s) the value names, not every member's.
    private static JsonObject Dispatch(string property, IEnumerable<(string Value, JsonNode Then)> cases)
    {
        var branches = new JsonArray();
        var values = new JsonArray();
        foreach (var (value, then) in cases)
        {
            values.Add(value);
            branches.Add(new JsonObject
            {
                ["if"] = new JsonObject { ["properties"] = new JsonObject { [property] = new JsonObject { ["const"] = value } } },
                ["then"] = then,
            });
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray(property),
            ["properties"] = new JsonObject { [property] = new JsonObject { ["enum"] = values } },
            ["allOf"] = branches,
        };
    }

    /// <summary>A union of references whose members each fix <c>type</c>, dispatched on it; null for any other schema.</summary>
    private JsonObject? TypedUnion(JsonNode schema)
    {
        var keyword = schema["anyOf"] is JsonArray ? "anyOf" : "oneOf";
        if (schema[keyword] is not JsonArray { Count: > 0 } members)
        {
            return null;
        }

        var byValue = new List<(string Value, List<string> Members)>();
        foreach (var member in members)
        {
            if (member?["$ref"] is not JsonValue reference || TypeValues(RefName((string)reference!)) is not { Count: > 0 } values)
            {
                return null;
            }

            foreach (var value in values)
            {
                var index = byValue.FindIndex(entry => entry.Value == value);
                if (index < 0)
                {
                    byValue.Add((value, []));
                    index = byValue.Count - 1;
                }

                byValue[index].Members.Add(RefName((string)reference!));
            }
        }

        return Dispatch("type", byValue.Select(entry => (entry.Value, entry.Members.Count == 1
            ? (JsonNode)Ref(entry.Members[0])
            : new JsonObject { [keyword] = new JsonArray([.. entry.Members.Select(target => (JsonNode)Ref(target))]) })));
    }

    /// <summary>The values a member fixes its <c>type</c> to: what discriminators map to it, else its own enum.</summary>
    private List<string> TypeValues(string name)
    {
        if (mappedBy.TryGetValue(name, out var mapped) && mapped.Any(entry => entry.Property == "type"))
        {
            return [.. mapped.Where(entry => entry.Property == "type").Select(entry => entry.Value).Distinct()];
        }

        return schemas[name]?["properties"]?["type"]?["enum"] is JsonArray values ? [.. values.Select(value => (string)value!)] : [];
    }

    private static JsonObject Ref(string target) => new() { ["$ref"] = "#/$defs/" + target };

    private JsonObject FlattenedObject(string name)
    {
        var properties = new JsonObject();
        var required = new List<string>();
        JsonNode? additional = null;
        Flatten(name, properties, required, ref additional);

        if (mappedBy.TryGetValue(name, out var values))
        {
            foreach (var group in values.GroupBy(v => v.Property))
            {
                properties[group.Key] = new JsonObject
                {
                    ["type"] = "string",
                    ["enum"] = new JsonArray(group.Select(v => (JsonNode)v.Value).Distinct().ToArray()),
                };
            }
        }

        var result = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required.Count > 0)
        {
            result["required"] = new JsonArray(required.Distinct().Select(r => (JsonNode)r).ToArray());
        }

        if (additional is not null)
        {
            result["additionalProperties"] = additional;
        }

        return result;
    }

    // Base first, so a member's own declaration of a property (and of additionalProperties) wins over its base's.
    private void Flatten(string name, JsonObject properties, List<string> required, ref JsonNode? additional)
    {
        var schema = schemas[name] as JsonObject ?? throw new InvalidOperationException($"No schema named {name}.");
        IEnumerable<JsonNode?> parts = [schema];
        if (IsDerived(schema))
        {
            var allOf = (JsonArray)schema["allOf"]!;
            Flatten(RefName((string)allOf[0]!["$ref"]!), properties, required, ref additional);
            parts = allOf.Skip(1);
        }

        foreach (var part in parts.OfType<JsonObject>())
        {
            foreach (var (property, value) in part["properties"] as JsonObject ?? [])
            {
                properties[property] = Convert(value!);
            }

            required.AddRange((part["required"] as JsonArray ?? []).Select(r => (string)r!));
            if (part["additionalProperties"] is { } extra)
            {
                additional = Convert(extra);
            }
        }
    }

    // allOf: [$ref Base, inline parts...]: NSwag's inheritance. A composition of several $refs is left as allOf.
    private static bool IsDerived(JsonNode? schema) =>
        schema is JsonObject obj && obj["allOf"] is JsonArray { Count: > 0 } allOf
        && allOf[0] is JsonObject first && first["$ref"] is not null
        && allOf.Skip(1).All(part => part is JsonObject inline && inline["$ref"] is null);

    private static JsonNode Convert(JsonNode schema)
    {
        if (schema is not JsonObject obj)
        {
            return schema.DeepClone();
        }

        var result = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key.StartsWith("x-", StringComparison.Ordinal) || key is "discriminator" or "nullable" or "example" or "xml" or "externalDocs")
            {
                continue;
            }

            result[key] = key switch
            {
                "$ref" => "#/$defs/" + RefName((string)value!),
                "properties" or "patternProperties" => new JsonObject(((JsonObject)value!).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Convert(p.Value!)))),
                "items" or "additionalProperties" or "not" => Convert(value!),
                "allOf" or "anyOf" or "oneOf" => new JsonArray(((JsonArray)value!).Select(s => (JsonNode?)Convert(s!)).ToArray()),
                _ => value?.DeepClone(),
            };
        }

        ExclusiveBound(result, "exclusiveMinimum", "minimum");
        ExclusiveBound(result, "exclusiveMaximum", "maximum");
        return WithNullable(obj, result);
    }

    private static void ExclusiveBound(JsonObject result, string exclusive, string bound)
    {
        if (result[exclusive] is JsonValue flag && flag.TryGetValue<bool>(out var isExclusive))
        {
            result.Remove(exclusive);
            if (isExclusive && result[bound] is { } limit)
            {
                result.Remove(bound);
                result[exclusive] = limit.DeepClone();
            }
        }
    }

    private static JsonNode WithNullable(JsonNode original, JsonObject converted)
    {
        if (original["nullable"] is not JsonValue nullable || !nullable.TryGetValue<bool>(out var isNullable) || !isNullable)
        {
            return converted;
        }

        if (converted["type"] is JsonValue type && converted["allOf"] is null && converted["$ref"] is null)
        {
            converted["type"] = new JsonArray((string)type!, "null");
            if (converted["enum"] is JsonArray values && !values.Any(v => v is null))
            {
                values.Add(null);
            }

            return converted;
        }

        if (converted["$ref"] is not null || converted["allOf"] is not null || converted["anyOf"] is not null || converted["oneOf"] is not null)
        {
            return new JsonObject { ["anyOf"] = new JsonArray(converted, new JsonObject { ["type"] = "null" }) };
        }

        return converted;
    }

    private static string RefName(string reference) =>
        reference.StartsWith(ComponentPrefix, StringComparison.Ordinal)
            ? reference[ComponentPrefix.Length..]
            : throw new NotSupportedException($"Only references to components/schemas are supported, not {reference}.");
}
