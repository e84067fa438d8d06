using System.Text.Json;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;

namespace Responses.Server.Runs.Conversation;

/// <summary>text.format → the output format the generation is held to.</summary>
public static class OutputFormats
{
    public static OutputFormat From(TextResponseFormatConfiguration? format, JsonSerializerOptions json) => format switch
    {
        null or ResponseFormatText => OutputFormat.Text,
        ResponseFormatJsonObject => OutputFormat.JsonObject,
        TextResponseFormatJsonSchema schema => new JsonSchemaFormat(schema.Name, JsonText.Of(schema.Schema, json), schema.Strict ?? false),
        // Without "type" the union reads as its base: the one thing that says which format is missing.
        _ => throw ApiException.InvalidRequest(
            "Missing required parameter: 'text.format.type'.", "text.format.type", ErrorTypes.MissingRequiredParameter),
    };
}

/// <summary>
/// reasoning.effort → the chat template's enable_thinking switch. Local templates know on or off only: none and
/// minimal ask for no thinking, every other effort for thinking; no effort leaves the template's default.
/// </summary>
public static class EnableThinking
{
    public static bool? From(Reasoning? reasoning) => reasoning?.Effort switch
    {
        null => null,
        ReasoningEffort.None or ReasoningEffort.Minimal => false,
        _ => true,
    };
}

/// <summary>
/// A free-form JSON value of the request (a tool's parameters, a format's schema, a replayed action) as the JSON
/// text the model is given: compact, with the API's options, so non-ASCII text stays readable (fewer tokens).
/// </summary>
public static class JsonText
{
    public static string Of(object? value, JsonSerializerOptions json) => JsonSerializer.Serialize(value, json);
}
