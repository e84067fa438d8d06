using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Responses.Generated;

/// <summary>
/// The System.Text.Json settings the generated types need. Use <see cref="Configure"/> on MVC's options
/// (<c>AddControllers().AddJsonOptions(o => ResponsesJson.Configure(o.JsonSerializerOptions))</c>) and
/// <see cref="Options"/> everywhere else (SSE writer, stores, tests).
/// </summary>
public static class ResponsesJson
{
    /// <summary>Shared, read-only options: Web defaults + <see cref="Configure"/>.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>New options: <c>new JsonSerializerOptions(JsonSerializerDefaults.Web)</c> + <see cref="Configure"/>.</summary>
    public static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// Applies what the generated types need:
    /// <list type="bullet">
    /// <item>AllowOutOfOrderMetadataProperties: clients may send "type" after other fields (STJ polymorphism otherwise requires it first).</item>
    /// <item>JsonStringEnumConverter: enums inside arrays (include: [...]) have no per-property converter; enum members carry [JsonStringEnumMemberName] so values are the spec strings.</item>
    /// <item>StrictEnums: an enum is one of the spec's strings, never an integer.</item>
    /// <item>DefaultIgnoreCondition stays Never: every generated property says itself whether it is written when null (required: always; optional: not when null).</item>
    /// </list>
    /// </summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.AllowOutOfOrderMetadataProperties = true;
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(RequiredOnInput.Apply).WithAddedModifier(StrictEnums.Apply);
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        if (!options.Converters.Any(c => c is JsonStringEnumConverter))
            options.Converters.Add(StrictEnums.Converter());
        return options;
    }

    /// <summary>Serializes a stream event as its base type, so that "type" is written (first).</summary>
    public static string SerializeEvent(ResponseStreamEvent streamEvent) =>
        JsonSerializer.Serialize(streamEvent, Options);

    /// <summary>The "type" discriminator of an event (for the SSE "event:" line).</summary>
    public static string EventType(ResponseStreamEvent streamEvent) =>
        EventTypes.TryGetValue(streamEvent.GetType(), out var t)
            ? t
            : throw new ArgumentException($"Unknown stream event type {streamEvent.GetType().Name}.", nameof(streamEvent));

    private static readonly Dictionary<Type, string> EventTypes =
        typeof(ResponseStreamEvent)
            .GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false)
            .Cast<JsonDerivedTypeAttribute>()
            .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);
}
