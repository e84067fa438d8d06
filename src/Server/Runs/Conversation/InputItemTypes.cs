using System.Text.Json.Serialization;
using Responses.Generated;

namespace Responses.Server.Runs.Conversation;

/// <summary>The wire name ("function_call", "input_image"…) of a polymorphic item, for error messages.</summary>
public static class InputItemTypes
{
    public static string Name(object item)
    {
        // One class stands for many replayed item types; the item itself knows which it is.
        if (item is ReplayedItemParam replayed)
        {
            return replayed.ItemType;
        }

        // Input items are read by a hand-written converter, not STJ polymorphism: its table has their names.
        foreach (var (name, type) in InputItemJsonConverter.Members)
        {
            if (type == item.GetType())
            {
                return name;
            }
        }

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
