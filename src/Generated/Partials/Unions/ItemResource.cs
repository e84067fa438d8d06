using System.Text.Json;
using System.Text.Json.Serialization;

namespace Responses.Generated;

/// <summary>
/// ResponseItemList.data's items (spec schema ItemResource, OpenAI's oneOf of the shapes it lists items in): holds one
/// member, made by a conversion from it, and writes it. Several members are also output items (<see cref="OutputMessage"/>,
/// <see cref="ReasoningItem"/>, <see cref="CompactionBody"/>), so this is a wrapper rather than their base class.
/// The server only writes these: reading one is not supported.
/// </summary>
[JsonConverter(typeof(ItemResourceJsonConverter))]
public sealed class ItemResource
{
    private ItemResource(object item, string? id)
    {
        Item = item;
        Id = id ?? throw new ArgumentException($"A listed {item.GetType().Name} needs an id.", nameof(item));
    }

    /// <summary>The member: one of the types this class converts from.</summary>
    public object Item { get; }

    /// <summary>The item's id, what pagination's <c>after</c>, <c>first_id</c> and <c>last_id</c> name.</summary>
    public string Id { get; }

    public static implicit operator ItemResource(InputMessageResource message) => new(message, message.Id);

    public static implicit operator ItemResource(OutputMessage message) => new(message, message.Id);

    public static implicit operator ItemResource(FunctionToolCallResource call) => new(call, call.Id);

    public static implicit operator ItemResource(FunctionToolCallOutputResource output) => new(output, output.Id);

    public static implicit operator ItemResource(CustomToolCallResource call) => new(call, call.Id);

    public static implicit operator ItemResource(CustomToolCallOutputResource output) => new(output, output.Id);

    public static implicit operator ItemResource(ReasoningItem reasoning) => new(reasoning, reasoning.Id);

    public static implicit operator ItemResource(CompactionBody compaction) => new(compaction, compaction.Id);

    public static implicit operator ItemResource(FunctionShellCall call) => new(call, call.Id);

    public static implicit operator ItemResource(ApplyPatchToolCall call) => new(call, call.Id);

    public static implicit operator ItemResource(ItemReferenceParam reference) => new(reference, reference.Id);

    /// <summary>An item of a tool this server does not run, as the client sent it.</summary>
    public static implicit operator ItemResource(ReplayedItemParam replayed) => new(replayed, replayed.Id);
}

/// <summary>
/// Writes an <see cref="ItemResource"/>'s member: an input item (an output item, a reference, a replayed item) through
/// <see cref="InputItemJsonConverter"/>, which writes its "type" first; a resource schema of its own as itself, since
/// it declares its "type" (first).
/// </summary>
public sealed class ItemResourceJsonConverter : JsonConverter<ItemResource>
{
    public override ItemResource Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("ItemResource is written by the server, never read.");

    public override void Write(Utf8JsonWriter writer, ItemResource value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.Item, value.Item is InputItem ? typeof(InputItem) : value.Item.GetType(), options);
}
