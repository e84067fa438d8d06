using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using static Responses.Conformance.Checks.CheckContext;

namespace Responses.Conformance.Checks;

/// <summary>Model-written JSON (call arguments, a structured reply): it must parse and match the schema the request gave.</summary>
public static class JsonArguments
{
    public static JsonNode ExpectMatches(string? text, JsonObject schema, string what)
    {
        Expect(text is not null, $"{what} is missing");
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(text!);
        }
        catch (JsonException e)
        {
            throw new CheckFailedException($"{what} does not parse as JSON ({e.Message}): {ApiReply.Shorten(text!)}");
        }

        var result = JsonSchema.FromText(schema.ToJsonString()).Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Expect(result.IsValid, $"{what} {text} does not match the request's schema");
        return json!;
    }
}
