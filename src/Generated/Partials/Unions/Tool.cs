using System.Text.Json;
using System.Text.Json.Serialization;

namespace Responses.Generated;

/// <summary>
/// Tools are read by a handwritten converter so that any tool type a client sends is accepted: known types
/// become their generated class (<see cref="FunctionTool"/>, <see cref="CustomToolParam"/>...), unknown ones an
/// <see cref="UnknownTool"/> that keeps every field (and round-trips unchanged).
/// </summary>
[JsonConverter(typeof(ToolJsonConverter))]
public partial class Tool
{
}

/// <summary>A tool whose type the spec does not (yet) describe; all its fields are kept in AdditionalProperties.</summary>
public sealed class UnknownTool : Tool
{
    public UnknownTool(string type) => Type = type;

    /// <summary>The tool's "type" as sent.</summary>
    [JsonIgnore]
    public string Type { get; }
}

public sealed class ToolJsonConverter : DiscriminatedJsonConverter<Tool>
{
    /// <summary>Discriminator → member type. Add new tool types here (and in the spec).</summary>
    public static readonly IReadOnlyDictionary<string, Type> Members = new Dictionary<string, Type>
    {
        ["function"] = typeof(FunctionTool),
        ["custom"] = typeof(CustomToolParam),
        ["namespace"] = typeof(NamespaceToolParam),
        ["web_search"] = typeof(WebSearchTool),
        ["web_search_preview"] = typeof(WebSearchPreviewTool),
        ["local_shell"] = typeof(LocalShellToolParam),
        ["image_generation"] = typeof(ImageGenTool),
        ["shell"] = typeof(FunctionShellToolParam),
        ["apply_patch"] = typeof(ApplyPatchToolParam),
    };

    private static readonly Dictionary<Type, string> Discriminators = Members.ToDictionary(kv => kv.Value, kv => kv.Key);

    protected override Type? ResolveType(string? discriminator) =>
        discriminator is null ? null : Members.GetValueOrDefault(discriminator);

    protected override Tool ReadUnknown(string? discriminator, JsonElement element, JsonSerializerOptions options)
    {
        if (discriminator is null)
            throw new JsonException("Tool is missing 'type'.");
        var tool = new UnknownTool(discriminator);
        foreach (var property in element.EnumerateObject())
            if (!property.NameEquals("type"))
                tool.AdditionalProperties[property.Name] = property.Value.Clone();
        return tool;
    }

    protected override string GetDiscriminator(Tool value) =>
        value is UnknownTool u ? u.Type
        : Discriminators.TryGetValue(value.GetType(), out var d) ? d
        : throw new JsonException($"Cannot serialize tool of type {value.GetType().Name}.");

    protected override IDictionary<string, object>? GetExtensionData(Tool value) => value.AdditionalProperties;
}
