using System.Text.Json.Nodes;
using Responses.Server.Host.OpenApi;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Security.Fuzz;

/// <summary>
/// What spec/openapi.yaml says a request's fields are: the JSON types each allows and the fields each object
/// requires, found by walking a valid request beside its schema ($ref, allOf, discriminator mappings, anyOf).
/// </summary>
public sealed class SpecShapes
{
    private readonly JsonObject schemas;

    public SpecShapes()
    {
        using var yaml = File.OpenText(Path.Combine(RepositoryPaths.Root, "spec", "openapi.yaml"));
        schemas = YamlToJson.Convert(yaml)!["components"]!["schemas"]!.AsObject();
    }

    /// <summary>
    /// Every node of <paramref name="body"/> the spec describes, with its JSON path, its schema as declared (a union
    /// stays whole: its types are all the node may be) and the member of it this value is (its fields).
    /// </summary>
    public IEnumerable<(string Path, JsonNode? Value, JsonObject Declared, JsonObject Member)> Walk(JsonNode body, string schemaName) =>
        Walk(body, Ref(schemaName), "");

    /// <summary>The JSON types the schema allows ("integer" also for "number"'s whole values); empty when unknown.</summary>
    public HashSet<string> Types(JsonObject schema)
    {
        schema = Resolve(schema);
        var types = new HashSet<string>();
        if ((string?)schema["type"] is { } type)
        {
            types.Add(type);
            if (type == "number")
                types.Add("integer");
        }
        else if (schema["enum"] is not null)
        {
            types.Add("string");
        }

        foreach (var member in (schema["anyOf"] ?? schema["oneOf"])?.AsArray() ?? [])
            types.UnionWith(Types(member!.AsObject()));
        foreach (var member in schema["allOf"]?.AsArray() ?? [])
            types.UnionWith(Types(member!.AsObject()));
        if (schema["properties"] is not null || schema["discriminator"] is not null)
            types.Add("object");
        return types;
    }

    /// <summary>The fields the schema requires, allOf members included.</summary>
    public IEnumerable<string> Required(JsonObject schema)
    {
        schema = Resolve(schema);
        var own = schema["required"]?.AsArray().Select(name => (string)name!) ?? [];
        return own.Concat((schema["allOf"]?.AsArray() ?? []).SelectMany(member => Required(member!.AsObject()))).Distinct();
    }

    /// <summary>Whether the schema's field may be null (OpenAI's "required but nullable": a request may leave it out).</summary>
    public bool Nullable(JsonObject schema, string name) =>
        Property(schema, name) is { } property && (bool?)Resolve(property)["nullable"] == true;

    private IEnumerable<(string, JsonNode?, JsonObject, JsonObject)> Walk(JsonNode? value, JsonObject declared, string path)
    {
        declared = Resolve(declared);
        var schema = Specific(declared, value);
        yield return (path, value, declared, schema);
        if (value is JsonObject obj)
        {
            foreach (var (name, child) in obj)
            {
                if (Property(schema, name) is { } childSchema)
                {
                    foreach (var node in Walk(child, childSchema, path.Length == 0 ? name : $"{path}.{name}"))
                        yield return node;
                }
            }
        }
        else if (value is JsonArray array && Items(schema) is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                foreach (var node in Walk(array[i], items, $"{path}[{i}]"))
                    yield return node;
            }
        }
    }

    /// <summary>The member a discriminated union or an anyOf means for this value.</summary>
    private JsonObject Specific(JsonObject schema, JsonNode? value)
    {
        if (schema["discriminator"]?["mapping"] is JsonObject mapping && value is JsonObject obj)
        {
            var type = obj["type"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : (string?)obj["role"] is not null ? "message" : null;
            if (type is not null && mapping[type] is { } target)
                return Resolve(new JsonObject { ["$ref"] = (string)target! });
        }

        if (schema["anyOf"] is JsonArray members && value is not null)
        {
            var kind = value.GetValueKind() switch
            {
                System.Text.Json.JsonValueKind.Object => "object",
                System.Text.Json.JsonValueKind.Array => "array",
                System.Text.Json.JsonValueKind.String => "string",
                _ => null,
            };
            var match = members.Select(m => Resolve(m!.AsObject())).FirstOrDefault(m => Types(m).Contains(kind ?? "?"));
            if (match is not null)
                return Specific(match, value);
        }

        return schema;
    }

    private JsonObject? Property(JsonObject schema, string name)
    {
        if (schema["properties"]?[name] is JsonObject own)
            return own;
        return (schema["allOf"]?.AsArray() ?? []).Select(member => Property(Resolve(member!.AsObject()), name)).FirstOrDefault(found => found is not null);
    }

    private JsonObject? Items(JsonObject schema) =>
        schema["items"] as JsonObject
        ?? (schema["allOf"]?.AsArray() ?? []).Select(member => Items(Resolve(member!.AsObject()))).FirstOrDefault(found => found is not null);

    private JsonObject Ref(string name) => schemas[name]!.AsObject();

    private JsonObject Resolve(JsonObject schema) =>
        (string?)schema["$ref"] is { } reference ? Resolve(Ref(reference[(reference.LastIndexOf('/') + 1)..])) : schema;
}
