using System.Text.Json.Serialization.Metadata;

namespace Responses.Generated;

/// <summary>
/// The spec's required fields of what clients send, enforced when reading. NSwag cannot emit [JsonRequired] only for
/// request shapes, and on every required property it would also refuse replayed output items that real clients
/// send without ids or statuses; so the fields that must be present on input are named here.
/// </summary>
public static class RequiredOnInput
{
    private static readonly Dictionary<Type, string[]> Fields = new()
    {
        [typeof(EasyInputMessage)] = ["role", "content"],
        [typeof(InputTextContent)] = ["text"],
        [typeof(OutputTextContent)] = ["text"],
        [typeof(RefusalContent)] = ["refusal"],
        [typeof(FunctionToolCall)] = ["call_id", "name", "arguments"],
        [typeof(FunctionCallOutputItemParam)] = ["call_id", "output"],
        [typeof(CustomToolCall)] = ["call_id", "name", "input"],
        [typeof(CustomToolCallOutput)] = ["call_id", "output"],
        [typeof(ItemReferenceParam)] = ["id"],
        [typeof(CompactionSummaryItemParam)] = ["encrypted_content"],
        [typeof(FunctionTool)] = ["name"],
        [typeof(CustomToolParam)] = ["name"],
        [typeof(NamespaceToolParam)] = ["name", "tools"],
        [typeof(ToolChoiceFunction)] = ["name"],
        [typeof(ToolChoiceCustom)] = ["name"],
        [typeof(ToolChoiceAllowed)] = ["mode", "tools"],
        [typeof(TextResponseFormatJsonSchema)] = ["name", "schema"],
    };

    public static void Apply(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || !Fields.TryGetValue(typeInfo.Type, out var required))
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            if (Array.IndexOf(required, property.Name) >= 0)
            {
                property.IsRequired = true;
            }
        }
    }
}
