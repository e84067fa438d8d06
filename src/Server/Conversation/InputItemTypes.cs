using System.Text.Json.Serialization;

namespace Responses.Server.Conversation;

/// <summary>The wire name ("function_call", "input_image"…) of a polymorphic item, for error messages.</summary>
public static class InputItemTypes
{
    public static string Name(object item)
    {
        for (var type = item.GetType(); type.BaseType is not null; type = type.BaseType)
        {
            foreach (JsonDerivedTypeAttribute derived in type.BaseType.GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false))
            {
                if (derived.DerivedType == item.GetType() && derived.TypeDiscriminator is string name)
                {
                    return name;
                }
            }
        }

        return item.GetType().Name;
    }
}
