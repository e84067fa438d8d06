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
