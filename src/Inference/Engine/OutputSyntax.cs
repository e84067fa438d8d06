using Responses.Inference.Parsing;

namespace Responses.Inference.Engine;

/// <summary>How a model marks tool calls and thinking in its output, decided once at load.</summary>
/// <param name="ToolCalls">The tool-call markup family the template teaches (Hermes when the prompt teaches it as text).</param>
/// <param name="Thinks">The model emits &lt;think&gt;...&lt;/think&gt; (its template mentions it).</param>
/// <param name="Budget">When the server closes an open think block; null: the model does (every real model).</param>
internal sealed record OutputSyntax(ToolCallSyntax ToolCalls, bool Thinks, ThinkingBudget? Budget = null);
