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
/// must then match the mapped schema (if/then per value, so a failure reports that member's errors only).</item>
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

        return Convert(schema);
    }

    private static JsonObject Dispatch(Discriminator discriminator)
    {
        var branches = new JsonArray();
        foreach (var (value, target) in discriminator.Mapping)
        {
            branches.Add(new JsonObject
            {
                ["if"] = new JsonObject { ["properties"] = new JsonObject { [discriminator.Property] = new JsonObject { ["const"] = value } } },
                ["then"] = new JsonObject { ["$ref"] = "#/$defs/" + target },
            });
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray(discriminator.Property),
            ["properties"] = new JsonObject
            {
                [discriminator.Property] = new JsonObject { ["enum"] = new JsonArray(discriminator.Mapping.Keys.Select(k => (JsonNode)k).ToArray()) },
            },
            ["allOf"] = branches,
        };
    }

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
