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
/// <see cref="FunctionToolCall"/>, function_call_output → <see cref="FunctionCallOutputItemParam"/>, custom_tool_call
/// → <see cref="CustomToolCall"/>, custom_tool_call_output → <see cref="CustomToolCallOutput"/>, reasoning →
/// <see cref="ReasoningItem"/>, item_reference → <see cref="ItemReferenceParam"/>, compaction →
/// <see cref="CompactionSummaryItemParam"/> (written as <see cref="CompactionBody"/> in output), compaction_trigger →
/// <see cref="CompactionTriggerItemParam"/>, and every item of a tool this server does not run (web_search_call,
/// local_shell_call...) → <see cref="ReplayedItemParam"/>, which keeps its type. Any other type is a <see cref="JsonException"/> naming it (the server answers 400). Writing emits "type" first.
/// </summary>
public sealed class InputItemJsonConverter : DiscriminatedJsonConverter<InputItem>
{
    /// <summary>
    /// The item types OpenAI's clients replay from tools only OpenAI runs. Coding agents send their whole history on
    /// every turn, so refusing one of them would break the session for good. Keep in step with the spec's mapping.
    /// </summary>
    public static readonly IReadOnlyList<string> ReplayedTypes =
    [
        "web_search_call", "file_search_call", "computer_call", "computer_call_output", "image_generation_call",
        "code_interpreter_call", "local_shell_call", "local_shell_call_output", "shell_call", "shell_call_output",
        "apply_patch_call", "apply_patch_call_output", "mcp_list_tools", "mcp_approval_request", "mcp_approval_response",
        "mcp_call", "tool_search_call", "tool_search_output", "additional_tools", "program", "program_output",
    ];

    /// <summary>Discriminator → member type. Add new input item types here (and in the spec).</summary>
    public static readonly IReadOnlyDictionary<string, Type> Members = BuildMembers();

    private static Dictionary<string, Type> BuildMembers()
    {
        var members = new Dictionary<string, Type>
        {
            ["message"] = typeof(EasyInputMessage),
            ["function_call"] = typeof(FunctionToolCall),
            ["function_call_output"] = typeof(FunctionCallOutputItemParam),
            ["custom_tool_call"] = typeof(CustomToolCall),
            ["custom_tool_call_output"] = typeof(CustomToolCallOutput),
            ["reasoning"] = typeof(ReasoningItem),
            ["item_reference"] = typeof(ItemReferenceParam),
            ["compaction"] = typeof(CompactionSummaryItemParam),
            ["compaction_trigger"] = typeof(CompactionTriggerItemParam),
        };
        foreach (var type in ReplayedTypes)
            members.Add(type, typeof(ReplayedItemParam));
        return members;
    }

    protected override Type? ResolveType(string? discriminator) =>
        discriminator is null ? typeof(EasyInputMessage) : Members.GetValueOrDefault(discriminator);

    protected override InputItem ReadUnknown(string? discriminator, JsonElement element, JsonSerializerOptions options) =>
        throw new JsonException(
            $"Unsupported input item type '{discriminator}'. Supported: {string.Join(", ", Members.Keys)}.");

    protected override void OnRead(InputItem value, string? discriminator)
    {
        if (value is ReplayedItemParam replayed)
            replayed.ItemType = discriminator!;
    }

    protected override string GetDiscriminator(InputItem value) => value switch
    {
        EasyInputMessage or OutputMessage => "message",
        FunctionToolCall => "function_call",
        FunctionCallOutputItemParam => "function_call_output",
        CustomToolCall => "custom_tool_call",
        CustomToolCallOutput => "custom_tool_call_output",
        FunctionShellCall => "shell_call",
        ApplyPatchToolCall => "apply_patch_call",
        ReasoningItem => "reasoning",
        ItemReferenceParam => "item_reference",
        CompactionSummaryItemParam or CompactionBody => "compaction",
        CompactionTriggerItemParam => "compaction_trigger",
        ReplayedItemParam { ItemType: { Length: > 0 } type } => type,
        _ => throw new JsonException($"Cannot serialize input item of type {value.GetType().Name}."),
    };

    protected override IDictionary<string, object>? GetExtensionData(InputItem value) => value.AdditionalProperties;
}
