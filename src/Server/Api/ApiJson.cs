using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Responses.Generated;

namespace Responses.Server.Api;

/// <summary>The one set of JSON options for bodies in, bodies out and stream events.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions CreateOptions()
    {
        var options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// The options request bodies are read with: also refuse null where the spec has no null ("content": null is
    /// as wrong as a missing content: a 400 naming it, not a crash later). Only for reading: a response is never
    /// refused for a field the request legitimately left empty. <paramref name="maxDepth"/>: how deep a body may
    /// nest (0: System.Text.Json's default, 64).
    /// </summary>
    public static JsonSerializerOptions CreateReadOptions(int maxDepth = 0)
    {
        var options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        options.RespectNullableAnnotations = true;
        options.MaxDepth = maxDepth;
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>What the generated types need (out-of-order "type", enum strings, per-property nulls), plus ours.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ResponsesJson.Configure(options);
        // "temperature": "0.5" is a wrong type, as OpenAI says; Web defaults would quietly accept it.
        options.NumberHandling = JsonNumberHandling.Strict;
        // Non-ASCII text stays readable in the stream instead of \u escapes; this is JSON for an API, not HTML.
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        return options;
    }
}
