using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntimeGenAI;
using Responses.Inference.Parsing;

namespace Responses.Inference.Generation;

/// <summary>
/// One generation's tokens -> output events, for a loop that steps the model elsewhere (a batch steps many rows at
/// once): text through the streaming detokenizer and the model family's output parser, with exact usage counts.
/// </summary>
internal sealed class TokenDecoder : IDisposable
{
    private readonly StreamingDetokenizer text;
    private readonly IOutputParser parser;
    private readonly int[] eosTokenIds;
    private readonly RenderedPrompt prompt;
    private readonly List<OutputEvent> parsed = new(4);
    private int reasoning;
    private int calls;
    private bool endedByEos;

    public TokenDecoder(Tokenizer tokenizer, NativeAccess native, int[] eosTokenIds, OutputSyntax syntax, RenderedPrompt prompt)
    {
        text = new StreamingDetokenizer(tokenizer, native);
        parser = OutputParsers.Create(syntax.ToolCalls, syntax.Thinks, prompt);
        this.eosTokenIds = eosTokenIds;
        this.prompt = prompt;
    }

    /// <summary>Tokens taken so far, the end-of-sequence token included (as usage counts them).</summary>
    public int Generated { get; private set; }

    /// <summary>Takes one generated token; returns false when it ended the generation (end of sequence).</summary>
    public bool Push(int token, Action<OutputEvent> write)
    {
        Generated++;
        if (Array.IndexOf(eosTokenIds, token) >= 0)
        {
            endedByEos = true;
            return false; // the EOS token has no visible text
        }
        var wasReasoning = parser.InReasoning;
        var piece = text.Push(token);
        if (piece.Length > 0)
            parser.Push(piece, parsed);
        // A token counts as thinking when it was read inside the thought or opened or closed it.
        if (wasReasoning || parser.InReasoning)
            reasoning++;
        Send(write);
        return true;
    }

    /// <summary>Flushes held text and markup and returns the finish event (not written).</summary>
    public GenerationFinished Finish(Action<OutputEvent> write, ILogger logger)
    {
        var tail = text.Flush();
        if (tail.Length > 0)
            parser.Push(tail, parsed);
        parser.Flush(parsed);
        Send(write);
        if (parser.MalformedCalls > 0 || parser.DroppedCalls > 0)
            logger.LogWarning("The model's output had {Malformed} malformed tool call(s), kept as text, and {Dropped} call(s) beyond the allowed number, dropped.",
                parser.MalformedCalls, parser.DroppedCalls);
        var reason = !endedByEos ? FinishReason.Length : calls > 0 ? FinishReason.ToolCalls : FinishReason.Stop;
        return new GenerationFinished(reason, new TokenUsage(prompt.TokenCount, Generated, reasoning));
    }

    private void Send(Action<OutputEvent> write)
    {
        foreach (var item in parsed)
        {
            write(item);
            calls += item is ToolCallCompleted ? 1 : 0;
        }
        parsed.Clear();
    }

    public void Dispose() => text.Dispose();
}
