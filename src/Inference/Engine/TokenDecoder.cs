using Microsoft.Extensions.Logging;
using Responses.Inference.Native;
using Responses.Inference.Parsing;

namespace Responses.Inference.Engine;

/// <summary>
/// One sequence's tokens -> output events: text through the streaming detokenizer and the model family's output
/// parser (tool calls, thinking), with exact usage counts. The loop pushes tokens; events go to the sequence's sink
/// as they complete.
/// </summary>
internal sealed class TokenDecoder : IDisposable
{
    private readonly StreamingDetokenizer text;
    private readonly IOutputParser parser;
    private readonly IReadOnlyList<int> eosTokenIds;
    private readonly int promptTokens;
    private readonly Action<OutputEvent> write;
    private readonly StopMatcher? stops;
    private readonly INativeTokenizer tokenizer;
    private readonly LogprobRecorder? logprobs;
    private readonly List<TokenLogprob> pendingLogprobs = [];
    private readonly List<OutputEvent> parsed = new(4);
    private int[] tokens = new int[64]; // grows by doubling: sized by what is generated, never by max_length
    private int reasoning;
    private int calls;
    private bool endedByEos;

    public TokenDecoder(
        INativeTokenizer tokenizer, OutputSyntax syntax, RenderedPrompt prompt, Action<OutputEvent> write, IReadOnlyList<string>? stop = null, LogprobRecorder? logprobs = null)
    {
        stops = stop is { Count: > 0 } ? new StopMatcher(stop) : null;
        this.tokenizer = tokenizer;
        this.logprobs = logprobs;
        text = new StreamingDetokenizer(tokenizer);
        parser = OutputParsers.Create(syntax.ToolCalls, syntax.Thinks, prompt);
        eosTokenIds = tokenizer.EosTokenIds;
        promptTokens = prompt.TokenCount;
        this.write = write;
    }

    /// <summary>A stop sequence ended the generation: later tokens are not decoded.</summary>
    public bool Stopped => stops is { Matched: true };

    /// <summary>Tokens taken so far, the end-of-sequence token included (as usage counts them).</summary>
    public int Generated { get; private set; }

    /// <summary>The tokens taken so far, in order (what a warm-up of the finished sequence prefills).</summary>
    public ReadOnlySpan<int> Tokens => tokens.AsSpan(0, Generated);

    /// <summary>Whether <paramref name="token"/> ends a generation.</summary>
    public bool IsEos(int token)
    {
        for (var i = 0; i < eosTokenIds.Count; i++)
        {
            if (eosTokenIds[i] == token)
                return true;
        }
        return false;
    }

    /// <summary>Takes one generated token; returns false when it ended the generation (end of sequence).</summary>
    public bool Push(int token)
    {
        if (Generated == tokens.Length)
            Array.Resize(ref tokens, tokens.Length * 2);
        tokens[Generated++] = token;
        if (IsEos(token))
        {
            endedByEos = true;
            return false; // the EOS token has no visible text
        }
        var wasReasoning = parser.InReasoning;
        var piece = text.Push(token);
        var picked = logprobs?.Next();
        if (stops is not null)
            piece = stops.Push(piece);
        if (piece.Length > 0)
            parser.Push(piece, parsed);
        // A token counts as thinking when it was read inside the thought or opened or closed it.
        if (wasReasoning || parser.InReasoning)
            reasoning++;
        else if (picked is not null)
            pendingLogprobs.Add(Describe(picked, piece));
        Send();
        return !Stopped;
    }

    /// <summary>Flushes held text and markup and returns the finish event (not written).</summary>
    public GenerationFinished Finish(int cachedTokens, ILogger logger)
    {
        var tail = Stopped ? string.Empty : text.Flush();
        if (stops is not null && !Stopped)
        {
            tail = stops.Push(tail);
            tail += stops.Flush();
        }
        if (tail.Length > 0)
            parser.Push(tail, parsed);
        parser.Flush(parsed);
        Send();
        if (parser.MalformedCalls > 0 || parser.DroppedCalls > 0)
            logger.LogWarning("The model's output had {Malformed} malformed tool call(s), kept as text, and {Dropped} call(s) beyond the allowed number, dropped.",
                parser.MalformedCalls, parser.DroppedCalls);
        var reason = !endedByEos && !Stopped ? FinishReason.Length : calls > 0 ? FinishReason.ToolCalls : FinishReason.Stop;
        return new GenerationFinished(reason, new TokenUsage(promptTokens, Generated, reasoning) { CachedTokens = cachedTokens });
    }

    private void Send()
    {
        foreach (var item in parsed)
        {
            var output = item;
            if (logprobs is not null)
            {
                // A delta carries the tokens whose text it completes; tokens that became tool-call markup carry none.
                if (item is TextDelta delta && pendingLogprobs.Count > 0)
                {
                    output = delta with { Logprobs = [.. pendingLogprobs] };
                    pendingLogprobs.Clear();
                }
                else if (item is ToolCallStarted)
                {
                    pendingLogprobs.Clear();
                }
            }
            write(output);
            calls += item is ToolCallCompleted ? 1 : 0;
        }
        parsed.Clear();
    }

    /// <summary>A picked token's figures with their text: the token's own as it was output, the alternatives' decoded alone.</summary>
    private TokenLogprob Describe(PickedToken picked, string piece)
    {
        var top = new TokenAlternative[picked.Top.Length];
        for (var i = 0; i < top.Length; i++)
        {
            var (id, logprob) = picked.Top[i];
            top[i] = new TokenAlternative(id == picked.Token ? piece : tokenizer.Decode([id]), logprob);
        }
        return new TokenLogprob(piece, picked.Logprob, top);
    }

    public void Dispose() => text.Dispose();
}
