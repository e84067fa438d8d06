using System.Text.Json.Nodes;
using Json.Schema;

namespace Responses.Tests.Support;

/// <summary>
/// OpenAI's own JSON Schemas for the Responses API (../shared/reference/openai-responses-schemas.json): a $ref into
/// the registered document's $defs. Only tests marked [OpenAISchemaFact] or [OpenAISchemaTheory] use it: they are
/// skipped where the file is absent.
/// </summary>
public static class OpenAISchemas
{
    private static readonly Lazy<JsonSchema> Root = new(() =>
    {
        var schema = JsonSchema.FromFile(RepositoryPaths.OpenAISchemas!);
        SchemaRegistry.Global.Register(schema);
        return schema;
    });

    /// <summary>Asserts <paramref name="instance"/> is valid against $defs/<paramref name="definition"/>.</summary>
    public static void AssertValid(string definition, JsonNode? instance)
    {
        var schema = new JsonSchemaBuilder().Ref($"{Root.Value.BaseUri}#/$defs/{definition}").Build();
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"{definition} invalid:\n" + string.Join(
            "\n",
            result.Details.Where(d => d.HasErrors)
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {d.EvaluationPath}: {e.Value}"))
                .Take(20)) + $"\ninstance: {instance?.ToJsonString()}");
    }
}
