using Responses.Inference;

namespace Responses.Server.Runs;

/// <summary>
/// What an API adapter asks the run factory for, once it has validated its request: which model, how the prompt must
/// fit, how to sample, and what the run's id looks like.
/// </summary>
/// <param name="Model">The model the request named (a 404 when it is not served).</param>
/// <param name="UsesStore">The request reads or writes the store: known to be down, it is a 503 before any work.</param>
/// <param name="IdPrefix">"resp" or "chatcmpl"; see <see cref="RunFactory"/>.</param>
public sealed record RunIntent(string Model, bool UsesStore, PromptFit Fit, int? MaxOutputTokens, double? Temperature, double? TopP, string IdPrefix)
{
    /// <summary>A seed of the client's own (chat completions); null: one drawn per request.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Penalties and logit bias the request asks for; none by default.</summary>
    public LogitRules Logits { get; init; } = LogitRules.None;

    /// <summary>Stop sequences (chat completions); null for none.</summary>
    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary>Log probabilities of the output, with this many alternatives per token; null when not asked for.</summary>
    public int? TopLogprobs { get; init; }
}

/// <summary>What happens when the conversation does not fit the model's context.</summary>
public enum PromptFit
{
    /// <summary>truncation "disabled" (the default): a 400 context_length_exceeded.</summary>
    Refuse,

    /// <summary>truncation "auto", and a summary's prompt: the oldest exchanges go until it fits, with room for the answer.</summary>
    DropOldest,
}
