using System.Text.Json;
using Responses.Server.Errors;

namespace Responses.Server.Runs.Chat;

/// <summary>Chat completions' <c>stop</c>: a string or up to 4 strings (or null), in OpenAI's words when it is not.</summary>
public static class StopParam
{
    public const int MaxSequences = 4;

    /// <summary>The stop sequences; null when absent or null.</summary>
    /// <exception cref="ApiException">400 naming stop (or stop[i]) for another type, an empty string, or more than 4.</exception>
    public static IReadOnlyList<string>? Read(object? value)
    {
        if (value is not JsonElement element || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            return [NonEmpty(element.GetString()!, "stop")];
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.InvalidRequest(
                "Invalid type for 'stop': expected a string or an array of strings.", "stop", ErrorTypes.InvalidType);
        }

        var length = element.GetArrayLength();
        if (length > MaxSequences)
        {
            throw ApiException.InvalidRequest(
                $"Invalid 'stop': array too long. Expected an array with maximum length {MaxSequences}, but got an array with length {length} instead.",
                "stop",
                ErrorTypes.InvalidValue);
        }

        var stops = new List<string>(length);
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var param = $"stop[{index++}]";
            stops.Add(item.ValueKind == JsonValueKind.String
                ? NonEmpty(item.GetString()!, param)
                : throw ApiException.InvalidRequest($"Invalid type for '{param}': expected a string.", param, ErrorTypes.InvalidType));
        }

        return stops.Count > 0 ? stops : null;
    }

    private static string NonEmpty(string stop, string param) =>
        stop.Length > 0
            ? stop
            : throw ApiException.InvalidRequest($"Invalid '{param}': empty string. Expected a string with minimum length 1.", param, ErrorTypes.InvalidValue);
}
