using System.Text.Json;

namespace Responses.Generated;

/// <summary>
/// Keeps the full field path of an error raised inside a union converter. System.Text.Json restarts its path at
/// every nested Deserialize call, so "input[2].content[0].text" would otherwise reach the client as "$.text".
/// Converters re-throw with what they know in <see cref="Exception.Data"/>: the whole param (when they know their
/// field and index) or the part below them (when the outer serializer will supply the rest as the path).
/// </summary>
public static class NestedJsonErrors
{
    public const string ParamKey = "openai.param";

    private const string SuffixKey = "openai.param.suffix";

    /// <summary>The param an exception names, e.g. "tools[0].name"; null for the body itself.</summary>
    public static string? ParamOf(JsonException exception) =>
        exception.Data[ParamKey] as string ?? Combine(FromPath(exception.Path), exception.Data[SuffixKey] as string);

    /// <summary>Re-raises an element's error with "field[index]" and the element's inner path as its param.</summary>
    public static JsonException Nest(JsonException inner, string field, int index)
    {
        var nested = Rethrowable(inner);
        nested.Data[ParamKey] = Combine($"{field}[{index}]", ParamOf(inner));
        return nested;
    }

    /// <summary>Re-raises a member's error so the outer serializer's path ("$.tools[0]") is kept in front of its own.</summary>
    public static JsonException Relative(JsonException inner)
    {
        var nested = Rethrowable(inner);
        nested.Data[SuffixKey] = ParamOf(inner);
        return nested;
    }

    /// <summary>A copy without a path (so the outer serializer sets one) that keeps the reader's exception, which
    /// is how a syntax error is told from a wrong value.</summary>
    private static JsonException Rethrowable(JsonException inner)
    {
        var message = inner.Message;
        var location = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return new JsonException(location < 0 ? message : message[..location], inner.InnerException as JsonException);
    }

    private static string? FromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string? Combine(string? outer, string? inner) => (outer, inner) switch
    {
        (null, _) => inner,
        (_, null) => outer,
        _ when inner.StartsWith('[') => outer + inner,
        _ => $"{outer}.{inner}",
    };
}
