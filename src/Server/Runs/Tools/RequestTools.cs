using Responses.Inference;

namespace Responses.Server.Runs.Tools;

/// <summary>What the request's tools, tool_choice and call limits mean for the prompt and for the model's calls.</summary>
/// <param name="Tools">The functions offered to the model.</param>
/// <param name="Choice">Whether and which tool the model must call.</param>
/// <param name="MaxToolCalls">Calls kept at most (parallel_tool_calls false: 1; max_tool_calls); null: no limit.</param>
/// <param name="Table">The offered tools by the names the model sees, to map its calls back.</param>
/// <param name="Unavailable">Types of the requested tools this server does not run, for the system message.</param>
/// <param name="Notes">What was not offered and why, for the log.</param>
public sealed record RequestTools(
    IReadOnlyList<ChatTool> Tools,
    ToolChoice Choice,
    int? MaxToolCalls,
    ToolTable Table,
    IReadOnlyList<string> Unavailable,
    IReadOnlyList<string> Notes);
