using System.Text.Json;
using System.Text.Json.Serialization;

namespace Responses.Generated;

/// <summary>
/// tool_choice (spec schema ToolChoiceParam): "none" | "auto" | "required" (<see cref="Options"/>), or an object:
/// {type: function, name} (<see cref="Function"/>), {type: custom, name} (<see cref="Custom"/>), {type: allowed_tools,
/// mode, tools} (<see cref="Allowed"/>), or any other object such as {type: web_search_preview}, kept verbatim in
/// <see cref="Other"/>. Exactly one of the five is set. Handwritten: NSwag cannot generate string | object unions.
/// </summary>
[JsonConverter(typeof(ToolChoiceParamJsonConverter))]
public sealed class ToolChoiceParam
{
    public ToolChoiceParam(ToolChoiceOptions options) => Options = options;

    public ToolChoiceParam(ToolChoiceFunction function) => Function = function ?? throw new ArgumentNullException(nameof(function));

    public ToolChoiceParam(ToolChoiceCustom custom) => Custom = custom ?? throw new ArgumentNullException(nameof(custom));

    public ToolChoiceParam(ToolChoiceAllowed allowed) => Allowed = allowed ?? throw new ArgumentNullException(nameof(allowed));

    public ToolChoiceParam(JsonElement other)
    {
        if (other.ValueKind != JsonValueKind.Object)
            throw new ArgumentException("A tool_choice object is required.", nameof(other));
        Other = other.Clone();
    }

    public static ToolChoiceParam None => new(ToolChoiceOptions.None);

    public static ToolChoiceParam Auto => new(ToolChoiceOptions.Auto);

    public static ToolChoiceParam Required => new(ToolChoiceOptions.Required);

    public static ToolChoiceParam ForFunction(string name) => new(new ToolChoiceFunction { Name = name });

    /// <summary>Set for the string form.</summary>
    public ToolChoiceOptions? Options { get; }

    /// <summary>Set for {type: "function", name}: forces a call of that function.</summary>
    public ToolChoiceFunction? Function { get; }

    /// <summary>Set for {type: "custom", name}.</summary>
    public ToolChoiceCustom? Custom { get; }

    /// <summary>Set for {type: "allowed_tools", mode, tools}: restricts the callable tools to a subset.</summary>
    public ToolChoiceAllowed? Allowed { get; }

    /// <summary>Any other tool_choice object (a hosted tool's, such as web_search_preview), verbatim.</summary>
    public JsonElement? Other { get; }

    /// <summary>The object's "type" ("function", "custom", "allowed_tools"...), or null for the string form.</summary>
    public string? ObjectType =>
        Function is not null ? "function"
        : Custom is not null ? "custom"
        : Allowed is not null ? "allowed_tools"
        : Other is { } o && o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()
        : null;

    public static implicit operator ToolChoiceParam(ToolChoiceOptions options) => new(options);

    public override string ToString() => Options?.ToString() ?? ObjectType ?? "?";
}

public sealed class ToolChoiceParamJsonConverter : JsonConverter<ToolChoiceParam>
{
    public override ToolChoiceParam? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var s = reader.GetString();
            return s switch
            {
                "none" => ToolChoiceParam.None,
                "auto" => ToolChoiceParam.Auto,
                "required" => ToolChoiceParam.Required,
                _ => throw new JsonException($"Invalid tool_choice '{s}': expected 'none', 'auto', 'required' or an object."),
            };
        }

        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"Invalid tool_choice: expected a string or an object, got {reader.TokenType}.");

        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return type switch
        {
            "function" => new ToolChoiceParam(ReadMember<ToolChoiceFunction>(root, options)),
            "custom" => new ToolChoiceParam(ReadMember<ToolChoiceCustom>(root, options)),
            "allowed_tools" => new ToolChoiceParam(ReadMember<ToolChoiceAllowed>(root, options)),
            null => throw new JsonException("Invalid tool_choice object: missing 'type'."),
            _ => new ToolChoiceParam(root),
        };
    }

    private static T ReadMember<T>(JsonElement root, JsonSerializerOptions options)
        where T : class
    {
        try
        {
            return root.Deserialize<T>(options) ?? throw new JsonException($"Could not read {typeof(T).Name}.");
        }
        catch (JsonException exception)
        {
            // A nested Deserialize restarts the path: keep "tool_choice" in front of "mode".
            throw NestedJsonErrors.Relative(exception);
        }
    }

    public override void Write(Utf8JsonWriter writer, ToolChoiceParam value, JsonSerializerOptions options)
    {
        if (value.Options is { } o)
            writer.WriteStringValue(o switch
            {
                ToolChoiceOptions.None => "none",
                ToolChoiceOptions.Auto => "auto",
                ToolChoiceOptions.Required => "required",
                _ => throw new JsonException($"Unknown ToolChoiceOptions value {o}."),
            });
        else if (value.Function is not null)
            JsonSerializer.Serialize(writer, value.Function, options);
        else if (value.Custom is not null)
            JsonSerializer.Serialize(writer, value.Custom, options);
        else if (value.Allowed is not null)
            JsonSerializer.Serialize(writer, value.Allowed, options);
        else
            value.Other!.Value.WriteTo(writer);
    }
}
