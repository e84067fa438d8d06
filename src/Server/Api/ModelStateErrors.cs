using Microsoft.AspNetCore.Mvc.ModelBinding;
using Responses.Server.Errors;

namespace Responses.Server.Api;

/// <summary>
/// Turns MVC's model-binding errors into OpenAI's error for the first offending field: a query parameter that does not
/// parse (<c>?limit=abc</c>) or a body the formatter could not bind. The generated models carry no data annotations
/// (nswag.json: generateDataAnnotations false); a body's fields are checked by the JSON reader and the validators.
/// </summary>
public static class ModelStateErrors
{
    public static ApiException ToApiException(ModelStateDictionary modelState)
    {
        foreach (var (key, entry) in modelState)
        {
            if (entry.Errors.Count == 0)
            {
                continue;
            }

            var error = entry.Errors[0];
            var message = string.IsNullOrEmpty(error.ErrorMessage) ? error.Exception?.Message ?? "Invalid value." : error.ErrorMessage;
            var param = ParamFromKey(key);
            if (param is null)
            {
                return ApiException.InvalidRequest(
                    $"We could not parse the JSON body of your request. The API expects a JSON object. ({message})",
                    code: ErrorTypes.InvalidJson);
            }

            if (message.Contains("required", StringComparison.OrdinalIgnoreCase))
            {
                return ApiException.InvalidRequest($"Missing required parameter: '{param}'.", param, ErrorTypes.MissingRequiredParameter);
            }

            return ApiException.InvalidRequest($"Invalid value for '{param}': {message}", param, ErrorTypes.InvalidValue);
        }

        return ApiException.InvalidRequest("The request is invalid.");
    }

    /// <summary>Keys come as "$.temperature", "body.temperature" or "temperature"; the body itself has no param.</summary>
    private static string? ParamFromKey(string key)
    {
        var param = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key.TrimStart('$');
        if (param.Length == 0 || param.Equals("body", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return param.StartsWith("body.", StringComparison.OrdinalIgnoreCase) ? param[5..] : param;
    }
}
