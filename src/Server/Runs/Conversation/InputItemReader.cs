using System.Text.Json;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Runs.Compaction;
using Responses.Server.Runs.EncryptedReasoning;
using Responses.Server.Runs.Images;
using Responses.Server.Runs.Tools;
using Responses.Server.Storage;

namespace Responses.Server.Runs.Conversation;

/// <summary>
/// Reads input items in order into the system text and the chat turns. It remembers the tool calls seen so far,
/// so an output names the function that produced it, and an output that answers no call is refused: the model
/// would otherwise read a result of nothing, and OpenAI refuses it too. It also remembers every item by its id, so
/// an item_reference to an item of the stored chain (or of earlier input) stands for that item.
/// </summary>
public sealed class InputItemReader(SystemText system, ChatTurns turns, ICollection<string> notes, JsonSerializerOptions json, ImageInputs images)
{
    /// <summary>An image in a system or developer message: templates give images in user turns and tool results only.</summary>
    public const string SystemImagePlaceholder = "[image omitted: images are read in user messages and tool outputs]";

    /// <summary>call_id → the function name the model saw for that call.</summary>
    private readonly Dictionary<string, string> calls = new(StringComparer.Ordinal);

    /// <summary>What a compaction item's summary is introduced with, where the conversation it replaces was.</summary>
    public const string SummaryTurnPrefix = "Summary of the earlier conversation:\n\n";

    /// <summary>id → the item, for item_reference.</summary>
    private readonly Dictionary<string, InputItem> items = new(StringComparer.Ordinal);

    /// <summary>
    /// Opens a reasoning item's encrypted_content (sealed by this server for this caller); null when encrypted content
    /// is not read (then the item's text is used, as before).
    /// </summary>
    public Func<string, OpenedReasoning>? OpenReasoning { get; init; }

    /// <summary>The item being read comes from the stored chain, which was accepted when it was stored.</summary>
    private bool fromChain;

    /// <summary>An item of the stored chain previous_response_id continues.</summary>
    /// <param name="superseded">
    /// A later compaction item stands for it: only a system or developer message is still read (an item_reference
    /// may still name it).
    /// </param>
    public void AddFromChain(InputItem item, bool superseded)
    {
        if (superseded && !Instructs(item))
        {
            Remember(item);
            return;
        }

        fromChain = true;
        try
        {
            Add(item, "previous_response_id");
        }
        finally
        {
            fromChain = false;
        }
    }

    /// <summary>An input item a later compaction item of the input stands for: only a system or developer message is still read.</summary>
    public void AddSuperseded(InputItem item, string param)
    {
        if (Instructs(item))
        {
            Add(item, param);
        }
        else
        {
            Remember(item);
        }
    }

    public void Add(InputItem item, string param)
    {
        Remember(item);
        switch (item)
        {
            case EasyInputMessage { Role: EasyInputMessageRole.System or EasyInputMessageRole.Developer } message:
                system.Append(WithoutImages(MessageText.Of(message.Content, $"{param}.content", images), param));
                break;
            case EasyInputMessage { Role: EasyInputMessageRole.Assistant } message:
                // phase (commentary, final_answer) only tells the client how to show it; to the model it is its text.
                turns.AddAssistantText(WithoutImages(MessageText.Of(message.Content, $"{param}.content", images), param));
                break;
            case EasyInputMessage message:
                turns.AddUser(MessageText.Of(message.Content, $"{param}.content", images), images.Take());
                break;
            case OutputMessage output:
                turns.AddAssistantText(WithoutImages(MessageText.Of(output.Content, $"{param}.content", images), param));
                break;
            case FunctionToolCall call:
                AddCall(new ChatToolCall(call.CallId, ToolNames.ModelName(call.Namespace, call.Name), call.Arguments));
                break;
            case CustomToolCall call:
                AddCall(new ChatToolCall(call.CallId, ToolNames.ModelName(call.Namespace, call.Name), CustomToolSchema.Arguments(call.Input, json)));
                break;
            case FunctionShellCall call:
                // As a replayed shell_call renders (ReplayedItems): the function the model was offered, the action as arguments.
                AddCall(new ChatToolCall(call.CallId, ClientExecutedTools.Shell, JsonText.Of(call.Action, json)));
                break;
            case ApplyPatchToolCall call:
                AddCall(new ChatToolCall(call.CallId, ClientExecutedTools.ApplyPatch, JsonText.Of(call.Operation, json)));
                break;
            case FunctionCallOutputItemParam output:
                AddOutput(output.CallId, ToolOutputText.Of(output.Output, param, notes, images), param, "function call output");
                break;
            case CustomToolCallOutput output:
                AddOutput(output.CallId, ToolOutputText.Of(output.Output, param, notes, images), param, "custom tool call output");
                break;
            case ReasoningItem reasoning:
                turns.AddReasoning(Thinking(reasoning, param), param);
                break;
            case ItemReferenceParam reference when items.TryGetValue(reference.Id, out var referenced):
                Add(referenced, param);
                break;
            case ItemReferenceParam reference:
                notes.Add($"skipped {param} (item_reference '{reference.Id}'): no item with that id in the conversation or the chain it continues");
                break;
            case CompactionSummaryItemParam or CompactionBody:
                AddCompaction(CompactionContent.Of(item), param);
                break;
            case CompactionTriggerItemParam:
                // A request marker (the run factory acts on it); once stored it says nothing to the model.
                break;
            case ReplayedItemParam replayed:
                AddReplayed(replayed, param);
                break;
            default:
                throw ApiException.InvalidRequest(
                    $"Input items of type '{InputItemTypes.Name(item)}' are not supported.", param, ErrorTypes.InvalidValue);
        }
    }

    private static bool Instructs(InputItem item) => item is EasyInputMessage { Role: EasyInputMessageRole.System or EasyInputMessageRole.Developer };

    private void Remember(InputItem item)
    {
        if (item is not ItemReferenceParam && InputItemIds.Of(item) is { Length: > 0 } id)
        {
            items[id] = item;
        }
    }

    /// <summary>
    /// The summary becomes a user turn at the item's place: local templates take one leading system message only.
    /// One this server cannot read is refused in the input; in a stored chain (kept before compaction items were
    /// read) it is skipped, as it was then.
    /// </summary>
    private void AddCompaction(string? content, string param)
    {
        if (CompactionContent.Decode(content) is { } summary)
        {
            turns.AddUser(SummaryTurnPrefix + summary);
        }
        else if (fromChain)
        {
            notes.Add($"skipped {param} (compaction): its encrypted_content is not one this server wrote");
        }
        else
        {
            throw ApiException.InvalidRequest(
                $"The encrypted content of {param} could not be read: compaction items are read only by the server that wrote them (this server writes base64 of {{\"v\":1,\"summary\":...}}).",
                $"{param}.encrypted_content",
                ErrorTypes.InvalidEncryptedContent);
        }
    }

    /// <summary>
    /// The thinking of a replayed reasoning item: sealed, what its encrypted_content holds (the full thinking; Codex
    /// replays the item with an empty summary and no content), else its text. Content sealed here that does not open
    /// (changed, sealed under another key or for another API key) is refused, as is unreadable content on an item with
    /// no thinking in the clear: there is nothing to give the model, and OpenAI refuses both. Another server's content
    /// on an item that carries its text (a session begun elsewhere) is read by its text, as before; so is the stored
    /// chain, which was accepted when it was stored.
    /// </summary>
    private string Thinking(ReasoningItem item, string param)
    {
        if (OpenReasoning is null || string.IsNullOrEmpty(item.EncryptedContent))
        {
            return ReasoningText.Of(item);
        }

        var opened = OpenReasoning(item.EncryptedContent);
        if (opened.Thinking is { } thinking)
        {
            return thinking;
        }

        var clear = ReasoningText.Of(item);
        if (fromChain || (!opened.SealedHere && clear.Length > 0))
        {
            notes.Add($"read {param} (reasoning) by its text: its encrypted_content does not open with this server's key for this caller");
            return clear;
        }

        throw ApiException.InvalidRequest(
            opened.SealedHere
                ? $"The encrypted content of {param} could not be read: it was changed, or sealed for another API key or under another server key."
                : $"The encrypted content of {param} could not be read: reasoning items are opened only by the server that sealed them.",
            $"{param}.encrypted_content",
            ErrorTypes.InvalidEncryptedContent);
    }

    private void AddCall(ChatToolCall call)
    {
        calls[call.Id] = call.Name;
        turns.AddToolCall(call);
    }

    private void AddOutput(string? callId, string output, string param, string what)
    {
        if (callId is null || !calls.TryGetValue(callId, out var name))
        {
            throw ApiException.InvalidRequest(
                $"No tool call found for {what} with call_id '{callId}'.", $"{param}.call_id", ErrorTypes.InvalidValue);
        }

        turns.AddToolResult(new ChatMessage("tool", output) { ToolCallId = callId, Name = name, Images = images.Take() });
    }

    /// <summary>A turn that takes no images: each one read (and checked) becomes a short text in its place.</summary>
    private string WithoutImages(string text, string param)
    {
        if (images.Take() is { Count: > 0 } dropped)
        {
            notes.Add($"{param}: {dropped.Count} image(s) outside a user message or tool output given as text");
            return TextModelImages.Replace(text, SystemImagePlaceholder);
        }

        return text;
    }

    private void AddReplayed(ReplayedItemParam item, string param)
    {
        switch (ReplayedItems.Convert(item, json))
        {
            case ReplayedItems.Call call:
                AddCall(call.ToolCall);
                break;
            case ReplayedItems.Result result when calls.TryGetValue(result.CallId, out var name):
                turns.AddToolResult(new ChatMessage("tool", result.Output) { ToolCallId = result.CallId, Name = name });
                break;
            case ReplayedItems.Result result:
                notes.Add($"skipped {param} ({item.ItemType}): no call with call_id '{result.CallId}' before it");
                break;
            case ReplayedItems.Skip skip:
                notes.Add($"skipped {param} ({item.ItemType}): {skip.Reason}");
                break;
        }
    }
}
