using System.Text.Json;

namespace Responses.Server.Runs.Conversation;

/// <summary>
/// A free-form JSON value of the request (a tool's parameters, a format's schema, a replayed action) as the JSON
/// text the model is given: compact, with the API's options, so non-ASCII text stays readable (fewer tokens).
/// </summary>
public static class JsonText
{
    public static string Of(object? value, JsonSerializerOptions json) => JsonSerializer.Serialize(value, json);
}
