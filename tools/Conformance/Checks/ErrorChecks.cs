using static Responses.Conformance.Checks.CheckContext;

namespace Responses.Conformance.Checks;

/// <summary>
/// Bad requests get the right 4xx and OpenAI's envelope, <c>{"error":{"message","type","param","code"}}</c>, valid
/// against the spec's ErrorResponse, naming the field at fault where there is one.
/// </summary>
public static class ErrorChecks
{
    public static IEnumerable<ConformanceCheck> All() =>
    [
        new("errors.malformed_json", (context, token) =>
            ExpectErrorAsync(context, """{"model": "m", "input": """, 400, null, token)),
        new("errors.missing_model", (context, token) =>
            ExpectErrorAsync(context, """{"input": "Say hello.", "max_output_tokens": 16}""", 400, "model", token)),
        new("errors.unknown_model", (context, token) =>
            ExpectErrorAsync(context, """{"model": "conformance-no-such-model", "input": "Say hello.", "max_output_tokens": 16}""", 404, null, token)),
        new("errors.wrong_type", (context, token) =>
        {
            var body = context.Requests.Plain();
            body["max_output_tokens"] = "sixteen";
            return ExpectErrorAsync(context, body.ToJsonString(), 400, "max_output_tokens", token);
        }),
    ];

    /// <summary>Fails unless <paramref name="reply"/> is a <paramref name="status"/> in OpenAI's envelope (naming <paramref name="param"/> when given).</summary>
    public static void ExpectError(CheckContext context, ApiReply reply, int status, string? param, string what)
    {
        Expect(reply.Status == status, $"{what}: expected {status}, got {reply}");
        Expect(reply.IsJson, $"{what}: the error body is not JSON: {ApiReply.Shorten(reply.Body)}");
        context.ExpectValid("ErrorResponse", reply.Json, $"{what}: the error body {ApiReply.Shorten(reply.Body)}");
        Expect(((string?)reply.Json!["error"]!["message"])?.Trim().Length > 0, $"{what}: the error has an empty message");
        if (param is not null)
        {
            Expect((string?)reply.Json["error"]!["param"] == param, $"{what}: error.param is {reply.Json["error"]!["param"]?.ToJsonString() ?? "null"}, expected \"{param}\"");
        }
    }

    private static async Task ExpectErrorAsync(CheckContext context, string body, int status, string? param, CancellationToken cancellationToken)
    {
        var reply = await context.Api.SendAsync(HttpMethod.Post, "responses", body, cancellationToken);
        ExpectError(context, reply, status, param, "POST /responses");
    }
}
