using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Responses.Generated;

/// <summary>
/// What System.Text.Json needs to read and write the generated types. The server's options (Responses.Server.Api.ApiJson)
/// start from <see cref="Configure"/> and add its own rules; there is deliberately no ready-made options object here,
/// so nothing (a test included) serializes with settings the server does not use.
/// </summary>
public static class ResponsesJson
{
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
