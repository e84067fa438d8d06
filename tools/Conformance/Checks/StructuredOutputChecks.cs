using static Responses.Conformance.Checks.CheckContext;

namespace Responses.Conformance.Checks;

/// <summary>text.format json_schema, when the server takes it: the reply's text parses and matches the schema.</summary>
public static class StructuredOutputChecks
{
    public static IEnumerable<ConformanceCheck> All() =>
    [
        new("structured_output.json_schema", JsonSchemaAsync),
    ];

    private static async Task JsonSchemaAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var reply = await context.Api.PostAsync("responses", context.Requests.StructuredOutput(), cancellationToken);
        SkipIfUnsupported(reply, "text.format json_schema");
        var response = context.ExpectOk(reply, "Response", "POST /responses with text.format json_schema");
        Expect((string?)response["status"] == "completed", $"the Response has status '{response["status"]}', expected completed");
        var text = string.Concat(response["output"]!.AsArray()
            .Where(item => (string?)item?["type"] == "message")
            .SelectMany(item => item!["content"]!.AsArray())
            .Where(part => (string?)part?["type"] == "output_text")
            .Select(part => (string?)part!["text"]));
        JsonArguments.ExpectMatches(text, RequestBodies.AnswerSchema(), "the reply's text");
    }
}
