namespace Responses.Inference;

/// <summary>
/// Typed output of generation, in order, after the model's markup was parsed: visible text, thinking, and tool
/// calls (their markup never appears as text). An item ends when an event of another kind (or another call)
/// follows, or at <see cref="GenerationFinished"/>.
/// </summary>
public abstract record OutputEvent;

/// <summary>A piece of visible text, always whole UTF-8 characters.</summary>
public sealed record TextDelta(string Text) : OutputEvent
{
    /// <summary>
    /// When the request asked for log probabilities: the tokens whose text this delta completes, in order (their texts
    /// concatenate to the visible text over the deltas); null otherwise.
    /// </summary>
    public IReadOnlyList<TokenLogprob>? Logprobs { get; init; }
}

/// <summary>One generated token's log probability, and the most likely tokens at its position.</summary>
/// <param name="Token">The token's text as it was output.</param>
/// <param name="Logprob">The log-probability of the token in the distribution it was picked from (after penalties, bias and temperature).</param>
/// <param name="Top">The most likely tokens at that position, most likely first (as many as asked).</param>
public sealed record TokenLogprob(string Token, double Logprob, IReadOnlyList<TokenAlternative> Top);

/// <summary>A token that could have been picked, with its log probability.</summary>
public sealed record TokenAlternative(string Token, double Logprob);

/// <summary>A piece of the model's thinking (between &lt;think&gt; and &lt;/think&gt;).</summary>
public sealed record ReasoningDelta(string Text) : OutputEvent;

/// <summary>A tool call begins. Calls are numbered from 0 in the order the model made them.</summary>
public sealed record ToolCallStarted(int Index, string Name) : OutputEvent;

/// <summary>A piece of a call's arguments (JSON text). The pieces of a call concatenate to its final arguments.</summary>
public sealed record ToolCallArgumentsDelta(int Index, string Delta) : OutputEvent;

/// <summary>A call is complete: its name and whole arguments (a JSON object as text).</summary>
public sealed record ToolCallCompleted(int Index, string Name, string Arguments) : OutputEvent;

/// <summary>The last event of every generation that was not cancelled.</summary>
public sealed record GenerationFinished(FinishReason Reason, TokenUsage Usage) : OutputEvent;

public enum FinishReason
{
    /// <summary>The model emitted an end-of-sequence token.</summary>
    Stop,

    /// <summary>max_output_tokens or the model's context ran out first.</summary>
    Length,

    /// <summary>The model ended its turn with tool calls, for the client to run (the Response is completed).</summary>
    ToolCalls,
}

/// <summary>Exact token counts: prompt tokens, tokens generated, and of those the thinking ones.</summary>
public readonly record struct TokenUsage(int InputTokens, int OutputTokens, int ReasoningTokens = 0)
{
    /// <summary>Of the prompt tokens, those whose KV state came from the prompt cache instead of a prefill.</summary>
    public int CachedTokens { get; init; }

    public int TotalTokens => InputTokens + OutputTokens;
}
