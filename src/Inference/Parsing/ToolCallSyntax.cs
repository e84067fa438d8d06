namespace Responses.Inference.Parsing;

/// <summary>The tool-call markup a model family was trained to write.</summary>
internal enum ToolCallSyntax
{
    /// <summary>Hermes / Qwen: &lt;tool_call&gt;{"name": .., "arguments": {..}}&lt;/tool_call&gt;, one block per call.</summary>
    Hermes,

    /// <summary>Llama 3.x: the whole output is {"name": .., "parameters": {..}} (several joined by ';'), maybe after &lt;|python_tag|&gt;.</summary>
    Llama3,

    /// <summary>Mistral: [TOOL_CALLS][{"name": .., "arguments": {..}}] (v3) or [TOOL_CALLS]name[ARGS]{..} (v11+).</summary>
    Mistral,

    /// <summary>Phi-4-mini: &lt;|tool_call|&gt;[{"name": .., "arguments": {..}}]&lt;|/tool_call|&gt;.</summary>
    Phi4,
}
