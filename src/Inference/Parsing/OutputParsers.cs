namespace Responses.Inference.Parsing;

/// <summary>Picks the parser for one generation from the model's markup and the prompt's output rules.</summary>
internal static class OutputParsers
{
    /// <summary>
    /// A forced call (tool_choice required, with tools) is decoded under <see cref="ForcedToolCallSchema"/> and read
    /// as that JSON; a JSON text.format is decoded under <see cref="JsonFormatSchema"/> and is plain text. Otherwise
    /// the family's markup is parsed when tools were offered (without tools, call markup is just text), behind the
    /// reasoning splitter when the model thinks.
    /// </summary>
    /// <param name="modelThinks">From <see cref="ReasoningSyntaxDetector.Thinks"/>.</param>
    public static IOutputParser Create(ToolCallSyntax syntax, bool modelThinks, RenderedPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var source = prompt.Source;
        if (source is { ToolChoice.Mode: ToolChoiceMode.Required, Tools.Count: > 0 })
            return new ForcedToolCallParser(new ToolCallEmitter(source.MaxToolCalls));
        if (source is not null && source.Format is not TextFormat)
            return new PassThroughParser();

        var answer = source is { Tools.Count: > 0 } ? ForFamily(syntax, new ToolCallEmitter(source.MaxToolCalls)) : new PassThroughParser();
        return modelThinks ? new ReasoningParser(answer, StartsInReasoning(prompt.Text)) : answer;
    }

    /// <summary>The template opened the thinking block itself (Qwen3's generation prompt ends with "&lt;think&gt;\n").</summary>
    public static bool StartsInReasoning(string promptText) =>
        promptText.AsSpan().TrimEnd().EndsWith("<think>", StringComparison.Ordinal);

    private static IOutputParser ForFamily(ToolCallSyntax syntax, ToolCallEmitter calls) => syntax switch
    {
        ToolCallSyntax.Llama3 => new LlamaToolCallParser(calls),
        ToolCallSyntax.Mistral => new MistralToolCallParser(calls),
        ToolCallSyntax.Phi4 => TaggedToolCallParser.Phi4(calls),
        _ => TaggedToolCallParser.Hermes(calls),
    };
}
