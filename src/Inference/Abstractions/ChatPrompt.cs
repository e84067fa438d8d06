namespace Responses.Inference;

/// <summary>
/// What the server hands to the model: the conversation, the tools it may call and how its output is constrained.
/// The model renders it with its chat template and keeps the output rules with the rendered prompt, so the
/// generation that follows parses and constrains its output accordingly.
/// </summary>
public sealed record ChatPrompt(IReadOnlyList<ChatMessage> Messages)
{
    /// <summary>The functions offered to the model (empty: no tools, and tool markup stays text).</summary>
    public IReadOnlyList<ChatTool> Tools { get; init; } = [];

    /// <summary>Whether and how the model must call a tool.</summary>
    public ToolChoice ToolChoice { get; init; } = ToolChoice.Auto;

    /// <summary>Tool calls kept at most (parallel_tool_calls: false is 1, max_tool_calls); null: no limit.</summary>
    public int? MaxToolCalls { get; init; }

    /// <summary>The shape of the text output (text, any JSON object, or JSON matching a schema).</summary>
    public OutputFormat Format { get; init; } = OutputFormat.Text;

    /// <summary>
    /// Thinking on or off for templates that take enable_thinking (reasoning.effort); null leaves the template's
    /// default. Templates without the switch ignore it.
    /// </summary>
    public bool? EnableThinking { get; init; }
}

/// <summary>How the model must use its tools.</summary>
public enum ToolChoiceMode
{
    /// <summary>The model decides: text, calls, or both.</summary>
    Auto,

    /// <summary>The model must call at least one of the tools; enforced by constrained decoding.</summary>
    Required,
}

/// <summary>tool_choice after the server resolved names: the mode and the tools a forced call may use.</summary>
/// <param name="Allowed">Names a required call may use; null: any offered tool.</param>
public sealed record ToolChoice(ToolChoiceMode Mode, IReadOnlyList<string>? Allowed = null)
{
    public static ToolChoice Auto { get; } = new(ToolChoiceMode.Auto);

    public static ToolChoice Required { get; } = new(ToolChoiceMode.Required);
}

/// <summary>The output's format (text.format), enforced by constrained decoding when not plain text.</summary>
public abstract record OutputFormat
{
    public static OutputFormat Text { get; } = new TextFormat();

    public static OutputFormat JsonObject { get; } = new JsonObjectFormat();
}

/// <summary>Free text.</summary>
public sealed record TextFormat : OutputFormat;

/// <summary>Any JSON object.</summary>
public sealed record JsonObjectFormat : OutputFormat;

/// <summary>JSON that matches a schema.</summary>
/// <param name="SchemaJson">The JSON Schema, as JSON text.</param>
public sealed record JsonSchemaFormat(string Name, string SchemaJson, bool Strict) : OutputFormat;
