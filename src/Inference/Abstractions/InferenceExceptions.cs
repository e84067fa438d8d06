namespace Responses.Inference;

/// <summary>
/// A failure inside the inference engine (ORT GenAI or ONNX Runtime), sorted by what the caller can do about it:
/// wait (<see cref="InferenceFailureKind.Capacity"/>), change the request (<see cref="InferenceFailureKind.InvalidInput"/>),
/// or report a bug (<see cref="InferenceFailureKind.Internal"/>). The native message is kept for the log.
/// </summary>
public sealed class InferenceException(InferenceFailureKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public InferenceFailureKind Kind { get; } = kind;
}

/// <summary>What an <see cref="InferenceException"/> means to the client.</summary>
public enum InferenceFailureKind
{
    /// <summary>A bug or an unexpected native failure: a 500, logged with its cause.</summary>
    Internal,

    /// <summary>The machine ran out of something (memory): a 503 the client may retry later.</summary>
    Capacity,

    /// <summary>The request asked for what the model cannot take (a token beyond its vocabulary, a length beyond its limits): a 400.</summary>
    InvalidInput,
}

/// <summary>The model's chat template rejected the conversation (e.g. roles that do not alternate) or failed to render.</summary>
public sealed class ChatTemplateException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A model folder could not be loaded; the message says which file or setting is wrong.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The scheduler is shutting down: it refuses new and queued generations, and this is also how a running
/// generation ends when the shutdown grace period runs out before it does.
/// </summary>
public sealed class SchedulerStoppedException(string message) : Exception(message);

/// <summary>The reader of a generation stopped reading for longer than allowed; the generation was stopped.</summary>
public sealed class ReaderStalledException(TimeSpan timeout)
    : Exception($"The client stopped reading the response for more than {timeout.TotalSeconds:0.#} s; generation was stopped.")
{
    public TimeSpan Timeout { get; } = timeout;
}

/// <summary>Every generation slot is busy and the wait queue is full: try again after <see cref="RetryAfter"/>.</summary>
public sealed class SchedulerFullException(int running, int queued, TimeSpan retryAfter)
    : Exception($"The server is busy: {running} generation(s) running and {queued} waiting, the most it takes. Retry after {Math.Ceiling(retryAfter.TotalSeconds):0} s.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>The prompt is too long for the model; raised before any generation.</summary>
public sealed class ContextLengthExceededException(int promptTokens, int contextLength)
    : Exception($"The prompt is {promptTokens} tokens, but this model's context is {contextLength} tokens (prompt plus output). Shorten the input.")
{
    public int PromptTokens { get; } = promptTokens;

    public int ContextLength { get; } = contextLength;
}

/// <summary>
/// The engine cannot build the constraint a prompt asks for: a text.format schema, or a forced call's tool
/// parameters, that its grammar compiler (llguidance) rejects.
/// </summary>
/// <param name="FromToolParameters">The schema came from the tools (a forced call), not from the output format.</param>
public sealed class OutputConstraintException(string message, bool fromToolParameters, Exception? inner = null) : Exception(message, inner)
{
    public bool FromToolParameters { get; } = fromToolParameters;
}
