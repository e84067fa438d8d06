using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Responses.Generated;

namespace Responses.Server.Errors;

/// <summary>
/// Says what System.Text.Json found wrong with a request body in OpenAI's words, with the offending field as param:
/// a parse error, a wrong type, or a missing required field.
/// </summary>
public static partial class JsonErrorTranslator
{
    public static ApiException Translate(JsonException exception)
    {
        var param = NestedJsonErrors.ParamOf(exception);
        var detail = StripLocation(exception.Message);

        var depth = MaxDepthExceeded().Match(exception.Message);
        if (depth.Success)
        {
            return ApiException.InvalidRequest(
                $"The JSON body nests deeper than this server accepts: at most {depth.Groups["depth"].Value} levels of objects and arrays, set by Limits:MaxJsonDepth.",
                param,
                ErrorTypes.LimitExceeded);
        }

        // The reader's own exception type is internal, but it derives from JsonException: a syntax error. A body
        // that is valid JSON but not an object (an array, a number) has no field to blame either.
        if (exception.InnerException is JsonException)
        {
            return ApiException.InvalidRequest(
                $"We could not parse the JSON body of your request. The API expects a JSON object. ({detail})",
                param: null,
                code: ErrorTypes.InvalidJson);
        }

        if (param is null)
        {
            return ApiException.InvalidRequest(
                "We could not parse the JSON body of your request. The API expects a JSON object, not an array, string or number.",
                param: null,
                code: ErrorTypes.InvalidJson);
        }

        var missing = MissingProperties().Match(detail);
        if (missing.Success)
        {
            var names = missing.Groups["names"].Value;
            var first = names.Split(',')[0].Trim().Trim('\'');
            var field = param is null ? first : $"{param}.{first}";
            return ApiException.InvalidRequest($"Missing required parameter: '{field}'.", field, ErrorTypes.MissingRequiredParameter);
        }

        var discriminator = UnknownDiscriminator().Match(detail);
        if (discriminator.Success)
        {
            return ApiException.InvalidRequest(
                $"Invalid value for '{param}.type': '{discriminator.Groups["id"].Value}' is not a supported type here.",
                $"{param}.type",
                ErrorTypes.InvalidValue);
        }

        if (detail.Contains("doesn't allow setting null values", StringComparison.Ordinal))
        {
            return ApiException.InvalidRequest($"Invalid type for '{param}': expected a value, but got null instead.", param, ErrorTypes.InvalidType);
        }

        var converted = ConversionTarget().Match(detail);
        if (converted.Success && EnumValues(converted.Groups["type"].Value) is { } values)
        {
            return ApiException.InvalidRequest(
                $"Invalid value for '{param}': expected one of {values}.",
                param,
                ErrorTypes.InvalidValue);
        }

        // The reader refused the text itself (a lone UTF-16 surrogate, invalid UTF-8): say what it said. Other
        // inner exceptions here are plain type mismatches ("Cannot get the value of a token type 'String'…").
        if (converted.Success && exception.InnerException?.Message.Contains("UTF-", StringComparison.Ordinal) == true)
        {
            return ApiException.InvalidRequest(
                $"Invalid value for '{param}': {exception.InnerException.Message}", param, ErrorTypes.InvalidValue);
        }

        if (converted.Success)
        {
            return ApiException.InvalidRequest(
                $"Invalid type for '{param}': expected {Describe(converted.Groups["type"].Value)}.",
                param,
                ErrorTypes.InvalidType);
        }

        // Messages written by our own union converters already say what was expected.
        return ApiException.InvalidRequest(param is null ? detail : $"Invalid value for '{param}': {detail}", param, ErrorTypes.InvalidValue);
    }

    private static string StripLocation(string message)
    {
        var at = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (at < 0)
        {
            at = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        return at < 0 ? message : message[..at];
    }

    /// <summary>The spec's values of a generated enum ("'user', 'assistant'…"), or null for any other type.</summary>
    private static string? EnumValues(string clrType)
    {
        var name = clrType.StartsWith("System.Nullable`1[", StringComparison.Ordinal) ? clrType[18..^1] : clrType;
        var type = typeof(CreateResponse).Assembly.GetType(name);
        if (type is not { IsEnum: true })
        {
            return null;
        }

        var names = type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name)
            .Select(value => $"'{value}'");
        return string.Join(", ", names);
    }

    private static string Describe(string clrType) => clrType switch
    {
        "System.String" => "a string",
        "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" or "System.Nullable`1[System.Int64]" => "an integer",
        "System.Double" or "System.Single" or "System.Decimal" or "System.Nullable`1[System.Double]" or "System.Nullable`1[System.Single]" => "a number",
        "System.Boolean" or "System.Nullable`1[System.Boolean]" => "a boolean",
        // Dictionary first: every generic collection's name contains "System.Collections".
        _ when clrType.Contains("Dictionary", StringComparison.Ordinal) => "an object",
        _ when clrType.Contains("List`1", StringComparison.Ordinal) || clrType.EndsWith("[]", StringComparison.Ordinal) => "an array",
        _ => "a different type (see the API reference)",
    };

    [GeneratedRegex(@"maximum configured depth of (?<depth>\d+)")]
    private static partial Regex MaxDepthExceeded();

    [GeneratedRegex(@"missing required properties including: (?<names>.+?)\.?$")]
    private static partial Regex MissingProperties();

    [GeneratedRegex(@"unrecognized type discriminator id '(?<id>[^']*)'")]
    private static partial Regex UnknownDiscriminator();

    [GeneratedRegex(@"could not be converted to (?<type>[^\s]+?)\.?$")]
    private static partial Regex ConversionTarget();
}
