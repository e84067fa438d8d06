using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Responses.Conformance.Spec;

namespace Responses.Conformance.Checks;

/// <summary>
/// What every check works with: the server, the model to ask for, the spec's validator, and replies several checks
/// read (one streamed request serves all the stream checks), fetched once per run.
/// </summary>
public sealed class CheckContext(ApiClient api, string model, SpecValidator validator)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> shared = new(StringComparer.Ordinal);

    public ApiClient Api { get; } = api;

    public string Model { get; } = model;

    public SpecValidator Validator { get; } = validator;

    public RequestBodies Requests { get; } = new(model);

    public static void Expect(bool condition, string reason)
    {
        if (!condition)
        {
            throw new CheckFailedException(reason);
        }
    }

    /// <summary>Fails unless <paramref name="instance"/> is valid against the spec's <paramref name="schema"/>.</summary>
    public void ExpectValid(string schema, JsonNode? instance, string what)
    {
        var verdict = Validator.Validate(schema, instance);
        Expect(verdict.IsValid, $"{what} is {verdict}");
    }

    /// <summary>A 200 JSON reply valid against <paramref name="schema"/>; its JSON.</summary>
    public JsonNode ExpectOk(ApiReply reply, string schema, string what)
    {
        Expect(reply.Status == 200, $"{what}: expected 200, got {reply}");
        Expect(reply.MediaType == "application/json", $"{what}: expected application/json, got {reply.MediaType ?? "no content type"}");
        Expect(reply.IsJson, $"{what}: the body is not JSON: {ApiReply.Shorten(reply.Body)}");
        ExpectValid(schema, reply.Json, what);
        return reply.Json!;
    }

    /// <summary>Skips when the server refused a feature saying it does not support it; other refusals fail.</summary>
    public static void SkipIfUnsupported(ApiReply reply, string feature)
    {
        if (reply.Status is 200)
        {
            return;
        }

        var message = $"{reply.Json?["error"]?["message"]} {reply.Json?["error"]?["code"]}";
        var saysUnsupported = new[] { "not supported", "unsupported", "not implemented", "not available" }
            .Any(phrase => message.Contains(phrase, StringComparison.OrdinalIgnoreCase));
        if (reply.Status is 501 || (reply.Status is 400 or 404 or 405 or 422 && saysUnsupported))
        {
            throw new CheckSkippedException($"the server does not support {feature} ({reply})");
        }
    }

    /// <summary>The value <paramref name="fetch"/> returns, computed once per run (a failure is shared too).</summary>
    public async Task<T> SharedAsync<T>(string key, Func<Task<T>> fetch)
        where T : class
    {
        var lazy = shared.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await fetch()));
        return (T)await lazy.Value;
    }
}
