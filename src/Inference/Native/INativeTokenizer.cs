namespace Responses.Inference.Native;

/// <summary>
/// The model's tokenizer and chat-template engine. <see cref="Encode"/> may run on any thread at once (the one call
/// ORT GenAI's C API promises is thread-safe); the implementation serializes the others.
/// </summary>
internal interface INativeTokenizer
{
    /// <summary>Tokens that end a generation.</summary>
    IReadOnlyList<int> EosTokenIds { get; }

    int[] Encode(string text);

    string Decode(ReadOnlySpan<int> tokens);

    /// <summary>A detokenizer for one generation, used from one thread.</summary>
    ITokenStream CreateStream();

    /// <summary>Renders messages (and tools) with a Jinja chat template; null: the tokenizer's own, parsed once at load.</summary>
    /// <exception cref="ChatTemplateException">The template raised or could not render.</exception>
    string ApplyChatTemplate(string? template, string messagesJson, string? toolsJson, bool addGenerationPrompt);
}

/// <summary>Incremental detokenizing: the text each token completes (empty while a character is incomplete).</summary>
internal interface ITokenStream : IDisposable
{
    string Decode(int token);
}
