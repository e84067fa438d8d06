using System.Text.Json;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Runs.Conversation;
using Responses.Server.Runs.Images;
using Responses.Server.Runs.Tools;

namespace Responses.Server.Runs.Compaction;

/// <summary>
/// The prompt a summary is written from, for /v1/responses/compact and a compaction_trigger alike: the conversation
/// as any request would give it to the model (instructions, the stored chain, the input), then one more user turn
/// asking for the summary. No tools are offered and thinking is off: the reply is the summary and nothing else.
/// </summary>
public static class SummaryPrompt
{
    public const string Instruction =
        "Compact the conversation above: it will continue from your summary alone, in a much smaller context. "
        + "Write a concise summary of everything needed to continue: what the user wants, the decisions made, the "
        + "facts and tool results that matter, and what remains to be done. Write only the summary.";

    private static readonly RequestTools NoTools = new([], ToolChoice.Auto, null, ToolTable.Empty, [], []);

    /// <param name="input">The conversation after the chain; a compaction_trigger in it is a marker and says nothing.</param>
    public static BuiltConversation Build(string? instructions, IReadOnlyList<InputItem> history, InputParam? input, JsonSerializerOptions json, ImageOptions? images = null)
    {
        var notes = new List<string>();
        var (system, turns) = ConversationBuilder.Read(instructions, history, input, notes, json, images);
        turns.AddUser(Instruction);
        return ConversationBuilder.Assemble(system, turns, NoTools, OutputFormat.Text, enableThinking: false, notes);
    }
}
