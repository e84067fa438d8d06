using Responses.Generated;
using Responses.Server.Errors;

namespace Responses.Server.Validation;

/// <summary>
/// Checks what the JSON shape alone cannot: required values, ranges and combinations, in OpenAI's words. Unknown
/// but harmless fields (prompt_cache_key, include…) are accepted, as coding agents send them on every turn.
/// </summary>
public static class CreateResponseValidator
{
    /// <summary>OpenAI's own floor for max_output_tokens.</summary>
    public const int MinOutputTokens = 16;

    public static void Validate(CreateResponse request)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            throw ApiException.InvalidRequest("Missing required parameter: 'model'.", "model", ErrorTypes.MissingRequiredParameter);
        }

        if (request.Input is null)
        {
            throw ApiException.InvalidRequest("Missing required parameter: 'input'.", "input", ErrorTypes.MissingRequiredParameter);
        }

        if (request.Input.Items is { Count: 0 } && string.IsNullOrEmpty(request.Instructions))
        {
            throw ApiException.InvalidRequest("Invalid 'input': empty array. Expected at least one input item.", "input", ErrorTypes.InvalidValue);
        }

        // JSON null elements never reach the union converters: a null tool would be echoed back as one.
        var nullTool = request.Tools?.IndexOf(null!) ?? -1;
        if (nullTool >= 0)
        {
            throw ApiException.InvalidRequest(
                $"Invalid type for 'tools[{nullTool}]': expected an object, but got null instead.", $"tools[{nullTool}]", ErrorTypes.InvalidType);
        }

        CheckRange(request.Temperature, 0, 2, "temperature");
        CheckRange(request.TopP, 0, 1, "top_p");

        if (request.MaxOutputTokens is { } max && max < MinOutputTokens)
        {
            throw ApiException.InvalidRequest(
                $"Invalid 'max_output_tokens': integer below minimum value. Expected a value >= {MinOutputTokens}, but got {max} instead.",
                "max_output_tokens",
                ErrorTypes.InvalidValue);
        }

        if (request.Background == true)
        {
            throw ApiException.InvalidRequest("Background responses are not supported by this server.", "background", ErrorTypes.InvalidValue);
        }
    }

    private static void CheckRange(double? value, double min, double max, string param)
    {
        if (value is not { } v)
        {
            return;
        }

        if (double.IsNaN(v) || v < min)
        {
            throw ApiException.InvalidRequest(
                $"Invalid '{param}': decimal below minimum value. Expected a value >= {min}, but got {v} instead.", param, ErrorTypes.InvalidValue);
        }

        if (v > max)
        {
            throw ApiException.InvalidRequest(
                $"Invalid '{param}': decimal above maximum value. Expected a value <= {max}, but got {v} instead.", param, ErrorTypes.InvalidValue);
        }
    }
}
