using Responses.Inference;
using Responses.Server.Runs.Tools;

namespace Responses.Server.Runs.Conversation;

/// <summary>A request turned into what the model is given.</summary>
/// <param name="Prompt">Messages, offered tools, tool choice, output format and thinking switch.</param>
/// <param name="Tools">The offered tools by the names the model sees, to map its calls back.</param>
/// <param name="Notes">What was left out and why ("skipped input[4] (web_search_call): no text meaning"), for the log.</param>
public sealed record BuiltConversation(ChatPrompt Prompt, ToolTable Tools, IReadOnlyList<string> Notes);
