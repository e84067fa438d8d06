using System.Text.Json;
using System.Text.Json.Serialization;

namespace Responses.Generated;

/// <summary>
/// Input items are read by a handwritten converter because an item without "type" is a message
/// (<see cref="EasyInputMessage"/>), as OpenAI accepts, which System.Text.Json's polymorphism cannot express.
/// Every output item (<see cref="OutputItem"/>) is also an input item, so full histories can be replayed.
/// </summary>
[JsonConverter(typeof(InputItemJsonConverter))]
public partial class InputItem
{
}

/// <summary>
/// "type" → member: message (or no type) → <see cref="EasyInputMessage"/>, function_call →
/// <see cref="FunctionToolCall"/>, function_call_output → <see cref="FunctionCallOutputItemParam"/>, reasoning →
/// <see cref="ReasoningItem"/>, item_reference → <see cref="ItemReferenceParam"/>. Any other type is a
/// <see cref="JsonException"/> naming it (the server answers 400). Writing emits "type" first.
/// </summary>
public sealed class InputItemJsonConverter : DiscriminatedJsonConverter<InputItem>
{
    /// <summary>Discriminator → member type. Add new input item types here (and in the spec).</summary>
    public static readonly IReadOnlyDictionary<string, Type> Members = new Dictionary<string, Type>
    {
        ["message"] = typeof(EasyInputMessage),
        ["function_call"] = typeof(FunctionToolCall),
        ["function_call_output"] = typeof(FunctionCallOutputItemParam),
        ["reasoning"] = typeof(ReasoningItem),
        ["item_reference"] = typeof(ItemReferenceParam),
    };

    protected override Type? ResolveType(string? discriminator) =>
        discriminator is null ? typeof(EasyInputMessage) : Members.GetValueOrDefault(discriminator);

    protected override InputItem ReadUnknown(string? discriminator, JsonElement element, JsonSerializerOptions options) =>
        throw new JsonException(
            $"Unsupported input item type '{discriminator}'. Supported: {string.Join(", ", Members.Keys)}.");

    protected override string GetDiscriminator(InputItem value) => value switch
    {
        EasyInputMessage or OutputMessage => "message",
        FunctionToolCall => "function_call",
        FunctionCallOutputItemParam => "function_call_output",
        ReasoningItem => "reasoning",
        ItemReferenceParam => "item_reference",
        _ => throw new JsonException($"Cannot serialize input item of type {value.GetType().Name}."),
    };

    protected override IDictionary<string, object>? GetExtensionData(InputItem value) => value.AdditionalProperties;
}
