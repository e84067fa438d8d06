using System.Text.Json;

namespace Responses.Generated;

/// <summary>
/// Keeps the full field path of an error raised inside a union converter. System.Text.Json restarts its path at
/// every nested Deserialize call, so "input[2].content[0].type" would otherwise reach the client as "$[0].type".
/// The converters re-throw with the whole path in <see cref="Exception.Data"/> under <see cref="ParamKey"/>.
/// </summary>
public static class NestedJsonErrors
{
    public const string ParamKey = "openai.param";

    /// <summary>The param an exception names: the nested one, or its own JSON path without the "$.".</summary>
    public static string? ParamOf(JsonException exception)
    {
        if (exception.Data[ParamKey] is string param)
        {
            return param;
        }

        var path = exception.Path;
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    /// <summary>Re-raises an element's error with "field[index]" (and the element's inner path) as its param.</summary>
    public static JsonException Nest(JsonException inner, string field, int index)
    {
        var innerParam = ParamOf(inner);
        var param = innerParam is null ? $"{field}[{index}]"
            : innerParam.StartsWith('[') ? $"{field}[{index}]{innerParam}"
            : $"{field}[{index}].{innerParam}";
        var message = inner.Message;
        var location = message.IndexOf(" Path: ", StringComparison.Ordinal);
        // The reader's exception travels along: it is how a syntax error inside an item is told from a wrong value.
        var nested = new JsonException(location < 0 ? message : message[..location], inner.InnerException as JsonException);
        nested.Data[ParamKey] = param;
        return nested;
    }
}
