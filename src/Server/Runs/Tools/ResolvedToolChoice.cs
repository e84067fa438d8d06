using Responses.Inference;

namespace Responses.Server.Runs.Tools;

/// <summary>tool_choice applied to the callable tools.</summary>
/// <param name="Offered">The tools the model is offered (none for "none"; the listed ones for allowed_tools).</param>
/// <param name="Choice">The mode, and the one tool a named choice forces.</param>
/// <param name="HostedChoice">The type of a hosted tool tool_choice named (treated as auto), or null.</param>
public sealed record ResolvedToolChoice(IReadOnlyList<CallableTool> Offered, ToolChoice Choice, string? HostedChoice = null);
