using System.Text.Json;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Runs.Compaction;
using Responses.Server.Runs.EncryptedReasoning;
using Responses.Server.Runs.Images;
using Responses.Server.Runs.Tools;

namespace Responses.Server.Runs.Conversation;

/// <summary>
/// Turns a request into what the model is given: instructions and input items become chat messages (one leading
/// system message, assistant turns that carry their reasoning and tool calls, tool results), tools and tool_choice
/// become the offered functions, text.format and reasoning.effort the output rules. What a local model cannot use is
/// left out and reported in the notes, not refused, so that histories real agents replay always go through.
/// </summary>
public static class ConversationBuilder
{
    public static BuiltConversation Build(CreateResponse request, JsonSerializerOptions json) => Build(request, [], json);

    /// <param name="history">The stored chain previous_response_id continues: its items come before the request's input.</param>
    /// <param name="images">What images may be (limits, a local folder); null: the defaults.</param>
    /// <param name="openReasoning">Opens a reasoning item's encrypted_content for this caller; null: not read.</param>
    public static BuiltConversation Build(
        CreateResponse request, IReadOnlyList<InputItem> history, JsonSerializerOptions json, ImageOptions? images = null,
        Func<string, OpenedReasoning>? openReasoning = null) =>
        Build(request, history, request.Input!, json, images, openReasoning);

    /// <param name="input">What stands for the request's input (a compacted window), read with the request's own settings.</param>
    public static BuiltConversation Build(
        CreateResponse request, IReadOnlyList<InputItem> history, InputParam input, JsonSerializerOptions json, ImageOptions? images = null,
        Func<string, OpenedReasoning>? openReasoning = null)
    {
        var tools = ToolTableBuilder.Build(request, json);
        var notes = new List<string>(tools.Notes);
        var (system, turns) = Read(request.Instructions, history, input, notes, json, images, openReasoning);

        // The model would otherwise go by the instructions, which may well tell it to search the web.
        system.Append(UnavailableTools(tools.Unavailable));
        return Assemble(system, turns, tools, OutputFormats.From(request.Text?.Format, json), EnableThinking.From(request.Reasoning), notes);
    }

    /// <summary>
    /// Instructions, the stored chain and the input as the system text and the chat turns, in order. The last
    /// compaction item (of the chain, or of the input when a client replays its whole history, as a stateless client
    /// of context_management does) stands for everything before it, so only the system and developer messages before
    /// it are read: that is what makes a compacted conversation smaller (the items stay stored, and listed, all the same).
    /// </summary>
    public static (SystemText System, ChatTurns Turns) Read(
        string? instructions, IReadOnlyList<InputItem> history, InputParam? input, List<string> notes, JsonSerializerOptions json,
        ImageOptions? images = null, Func<string, OpenedReasoning>? openReasoning = null)
    {
        var system = new SystemText();
        system.Append(instructions);
        var turns = new ChatTurns(notes);
        // One reader for the chain and the new input, so an output in the input finds its call in the chain.
        var reader = new InputItemReader(system, turns, notes, json, new ImageInputs(images ?? new ImageOptions())) { OpenReasoning = openReasoning };
        var inInput = input?.Items is { } inputItems ? LastCompaction(inputItems) : -1;
        var compaction = inInput >= 0 ? history.Count : LastCompaction(history);
        for (var i = 0; i < history.Count; i++)
        {
            reader.AddFromChain(history[i], superseded: i < compaction);
        }

        if (input?.IsText == true)
        {
            turns.AddUser(input.Text!);
        }
        else if (input?.Items is { } items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (i < inInput)
                {
                    reader.AddSuperseded(items[i], $"input[{i}]");
                }
                else
                {
                    reader.Add(items[i], $"input[{i}]");
                }
            }
        }

        return (system, turns);
    }

    /// <summary>
    /// The one leading system message, then the turns, with the tools and output rules: the last step of every API's
    /// conversion (Responses items here, chat messages in ChatConversationBuilder), so both give the model the same prompt.
    /// </summary>
    public static BuiltConversation Assemble(
        SystemText system, ChatTurns turns, RequestTools tools, OutputFormat format, bool? enableThinking, IReadOnlyList<string> notes)
    {
        var chat = turns.Finish();
        var messages = new List<ChatMessage>(chat.Count + 1);
        if (system.Text is { } text)
        {
            messages.Add(new ChatMessage("system", text));
        }

        messages.AddRange(chat);
        var prompt = new ChatPrompt(messages)
        {
            Tools = tools.Tools,
            ToolChoice = tools.Choice,
            MaxToolCalls = tools.MaxToolCalls,
            Format = format,
            EnableThinking = enableThinking,
        };
        return new BuiltConversation(prompt, tools.Table, notes);
    }

    /// <summary>The last compaction item of the items that this server can read (one it cannot stands for nothing).</summary>
    private static int LastCompaction(IReadOnlyList<InputItem> history)
    {
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (CompactionContent.Of(history[i]) is { } content && CompactionContent.Decode(content) is not null)
            {
                return i;
            }
        }

        return -1;
    }

    private static string? UnavailableTools(IReadOnlyList<string> types) => types.Count switch
    {
        0 => null,
        1 => $"The tool {types[0]} is not available on this server.",
        _ => $"The tools {string.Join(", ", types)} are not available on this server.",
    };
}

/// <summary>A request turned into what the model is given.</summary>
/// <param name="Prompt">Messages, offered tools, tool choice, output format and thinking switch.</param>
/// <param name="Tools">The offered tools by the names the model sees, to map its calls back.</param>
/// <param name="Notes">What was left out and why ("skipped input[4] (web_search_call): no text meaning"), for the log.</param>
public sealed record BuiltConversation(ChatPrompt Prompt, ToolTable Tools, IReadOnlyList<string> Notes);
