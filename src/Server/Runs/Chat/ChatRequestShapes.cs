using Responses.Generated;
using Responses.Server.Errors;

namespace Responses.Server.Runs.Chat;

/// <summary>
/// A chat request's tools, tool_choice and response_format in the Responses shapes they mean, so the one tool
/// offering (Runs/Tools) and the one output format mapping (OutputFormats) serve both APIs. Pure shape changes.
/// </summary>
public static class ChatRequestShapes
{
    /// <summary>{type: function, function: {name, description, parameters, strict}} → the Responses function tool.</summary>
    public static List<Tool>? Tools(List<ChatCompletionTool>? tools)
    {
        if (tools is null)
        {
            return null;
        }

        var mapped = new List<Tool>(tools.Count);
        for (var i = 0; i < tools.Count; i++)
        {
            var function = tools[i].Function;
            if (string.IsNullOrEmpty(function?.Name))
            {
                throw ApiException.InvalidRequest(
                    $"Missing required parameter: 'tools[{i}].function.name'.", $"tools[{i}].function.name", ErrorTypes.MissingRequiredParameter);
            }

            mapped.Add(new FunctionTool { Name = function.Name, Description = function.Description, Parameters = function.Parameters, Strict = function.Strict });
        }

        return mapped;
    }

    public static ToolChoiceParam? ToolChoice(ChatCompletionToolChoiceOption? choice) => choice switch
    {
        null => null,
        { Options: { } options } => new ToolChoiceParam(options),
        { Named.Function.Name: { Length: > 0 } name } => ToolChoiceParam.ForFunction(name),
        _ => throw ApiException.InvalidRequest(
            "Missing required parameter: 'tool_choice.function.name'.", "tool_choice.function.name", ErrorTypes.MissingRequiredParameter),
    };

    public static TextResponseFormatConfiguration? Format(ChatCompletionResponseFormat? format) => format switch
    {
        null => null,
        ChatResponseFormatText => new ResponseFormatText(),
        ChatResponseFormatJsonObject => new ResponseFormatJsonObject(),
        ResponseFormatJsonSchema { JsonSchema: { } schema } => new TextResponseFormatJsonSchema
        {
            Name = schema.Name,
            Description = schema.Description,
            // A json_schema without a schema allows any JSON, as OpenAI reads it.
            Schema = schema.Schema ?? new Dictionary<string, object>(),
            Strict = schema.Strict,
        },
        ResponseFormatJsonSchema => throw ApiException.InvalidRequest(
            "Missing required parameter: 'response_format.json_schema'.", "response_format.json_schema", ErrorTypes.MissingRequiredParameter),
        _ => throw ApiException.InvalidRequest(
            "Missing required parameter: 'response_format.type'.", "response_format.type", ErrorTypes.MissingRequiredParameter),
    };
}
