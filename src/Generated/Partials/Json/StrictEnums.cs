using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Responses.Generated;

/// <summary>
/// Enums read only as the spec's strings. JsonStringEnumConverter (the generated per-property ones included) also
/// takes integers by default, so "truncation": 12345 would be read as an undefined value and served as if valid.
/// The per-property converters are dropped for the options' strict one, which reads the same member names.
/// </summary>
public static class StrictEnums
{
    public static JsonStringEnumConverter Converter() => new(namingPolicy: null, allowIntegerValues: false);

    public static void Apply(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            var valueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (valueType.IsEnum && property.CustomConverter is not null)
            {
                property.CustomConverter = null;
            }
        }
    }
}
