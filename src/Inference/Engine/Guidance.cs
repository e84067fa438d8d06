using Responses.Inference.Native;
using Responses.Inference.Parsing;

namespace Responses.Inference.Engine;

/// <summary>
/// The constraint ORT GenAI's guidance (llguidance) puts on a generation: a forced tool call, or the JSON a
/// text.format asks for. Decoding can then only produce output that parses, even from a model with random weights.
/// </summary>
internal static class Guidance
{
    /// <summary>The prompt forces a tool call (which takes precedence over text.format).</summary>
    public static bool IsToolCall(ChatPrompt prompt) => prompt.ToolChoice.Mode == ToolChoiceMode.Required && prompt.Tools.Count > 0;

    /// <summary>The constraint a prompt asks for, or null for free text.</summary>
    public static GuidanceSpec? For(ChatPrompt? prompt)
    {
        if (prompt is null)
            return null;
        if (IsToolCall(prompt))
            return new GuidanceSpec("json_schema", ForcedToolCallSchema.Build(prompt.Tools, prompt.ToolChoice.Allowed, prompt.MaxToolCalls));
        return prompt.Format switch
        {
            JsonObjectFormat => new GuidanceSpec("json_schema", JsonFormatSchema.ForObject()),
            JsonSchemaFormat schema => new GuidanceSpec("json_schema", JsonFormatSchema.For(schema.SchemaJson)),
            _ => null,
        };
    }
}
